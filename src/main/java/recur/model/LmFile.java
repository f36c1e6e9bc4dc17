package recur.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import recur.io.ModelArchive;
import recur.io.ModelFileException;
import recur.io.Safetensors;
import recur.tensor.ParamStore;

/**
 * Language-model files, kind "lm" of {@link ModelFile}: recur.json with "architecture" and
 * "vocabulary", and the parameters under their PyTorch names. A checkpoint is the same file with
 * more in it (optimiser state, carried state, position), so it can be sampled from as it is.
 */
public final class LmFile {
    public static final String KIND = "lm";

    /** A model read back from a file, with its metadata and any extra tensors it held. */
    public record Loaded(LanguageModel model, LmArchitecture architecture, LineCodec codec, ObjectNode meta,
                         ModelArchive archive) {}

    /** The "lm" kind: how a language model rebuilds itself from its file. */
    public static final ModelFile.Kind<Loaded> LM = ModelFile.kind(KIND, LmFile::build);

    private LmFile() {}

    /** A new, uninitialised model of the given shape. */
    public static LanguageModel create(LmArchitecture arch) {
        return arch.isTcn() ? new TcnLm(arch) : new RecurrentLm(arch);
    }

    /**
     * Refuses, as {@link #create} would, an architecture whose parameters the heap cannot hold
     * (a {@link recur.io.NotEnoughMemoryException} saying how much it needs), allocating nothing.
     */
    public static void requireMemory(LmArchitecture arch) {
        EmbeddedLm.requireMemory(arch, arch.isTcn() ? TcnLm.network(arch) : RecurrentLm.network(arch));
    }

    /** What a language model and its vocabulary write into a model file. */
    public static ModelFile.Contents contents(LanguageModel model, LineCodec codec) {
        return new ModelFile.Contents() {
            @Override
            public String kind() {
                return KIND;
            }

            @Override
            public void describe(ObjectNode meta) {
                meta.set("architecture", model.architecture());
                meta.set("vocabulary", codec.toJson());
            }

            @Override
            public ParamStore params() {
                return model.params();
            }
        };
    }

    /** Writes model + codec + provenance + extra tensors, atomically. */
    public static void save(Path path, LanguageModel model, LineCodec codec, JsonNode provenance,
                            List<Safetensors.Tensor> extraTensors) throws IOException {
        ModelFile.write(path, contents(model, codec), provenance, null, extraTensors);
    }

    public static Loaded load(Path path) {
        return ModelFile.read(path, LM).model();
    }

    private static Loaded build(ModelArchive a, Path path) {
        LmArchitecture arch = LmArchitecture.fromJson(a.meta().path("architecture"));
        LineCodec codec = codec(a.meta().path("vocabulary"), path.toString());
        if (codec.size() != arch.vocab()) {
            throw new ModelFileException(path + ": vocabulary has " + codec.size() + " tokens but the model " + arch.vocab());
        }
        LanguageModel model = create(arch);
        ModelFile.loadParams(a, model.params(), path);
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
