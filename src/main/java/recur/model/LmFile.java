package recur.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import recur.io.ModelArchive;
import recur.io.ModelFileException;
import recur.io.Safetensors;
import recur.tensor.ParamStore;

/**
 * Language-model files: kind "lm", recur.json with "architecture", "vocabulary" and "training"
 * (provenance), and the parameters under their PyTorch names. A checkpoint is the same file with
 * more in it (optimiser state, carried state, position), so it can be sampled from as it is.
 */
public final class LmFile {
    public static final String KIND = "lm";

    /** A model read back from a file, with its metadata and any extra tensors it held. */
    public record Loaded(LanguageModel model, LmArchitecture architecture, LineCodec codec, ObjectNode meta,
                         ModelArchive archive) {}

    private LmFile() {}

    /** A new, uninitialised model of the given shape. */
    public static LanguageModel create(LmArchitecture arch) {
        return arch.isTcn() ? new TcnLm(arch) : new RecurrentLm(arch);
    }

    /** Writes model + codec + meta fields (training provenance, checkpoint) + extra tensors, atomically. */
    public static void save(Path path, LanguageModel model, LineCodec codec, ObjectNode extraMeta,
                            List<Safetensors.Tensor> extraTensors) throws IOException {
        ObjectNode meta = ModelArchive.newMeta(KIND);
        meta.set("architecture", model.architecture());
        meta.set("vocabulary", codec.toJson());
        if (extraMeta != null) {
            meta.setAll(extraMeta);
        }
        List<Safetensors.Tensor> tensors = new ArrayList<>();
        ParamStore ps = model.params();
        for (ParamStore.Param p : ps.params()) {
            tensors.add(new Safetensors.Tensor(p.name(), p.shape(), ps.values(), p.offset()));
        }
        tensors.addAll(extraTensors);
        ModelArchive.write(path, meta, tensors);
    }

    public static Loaded load(Path path) {
        return ModelArchive.load(path, KIND, a -> build(path, a));
    }

    private static Loaded build(Path path, ModelArchive a) {
        LmArchitecture arch = LmArchitecture.fromJson(a.meta().path("architecture"));
        LineCodec codec = codec(a.meta().path("vocabulary"), path.toString());
        if (codec.size() != arch.vocab()) {
            throw new ModelFileException(path + ": vocabulary has " + codec.size() + " tokens but the model " + arch.vocab());
        }
        LanguageModel model = create(arch);
        ParamStore ps = model.params();
        for (ParamStore.Param p : ps.params()) {
            Safetensors.Tensor t = a.tensors().get(p.name());
            if (t == null) {
                throw new ModelFileException(path + ": model file has no tensor " + p.name());
            }
            if (!Arrays.equals(t.shape(), p.shape())) {
                throw new ModelFileException(path + ": tensor " + p.name() + " has shape " + Arrays.toString(t.shape())
                        + ", the architecture needs " + Arrays.toString(p.shape()));
            }
            System.arraycopy(t.data(), t.offset(), ps.values(), p.offset(), p.size());
        }
        return new Loaded(model, arch, codec, a.meta(), a);
    }

    /** Rebuilds the codec recur.json describes. */
    public static LineCodec codec(JsonNode vocabulary, String where) {
        if (vocabulary.path("level").asText().equals("tokenizer")) {
            return TokenizerCodec.fromJson(vocabulary, where);
        }
        return LmVocabulary.fromJson(vocabulary);
    }
}
