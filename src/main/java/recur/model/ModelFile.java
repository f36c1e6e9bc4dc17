package recur.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.stream.Collectors;
import recur.io.ModelArchive;
import recur.io.Memory;
import recur.io.ModelFileException;
import recur.io.Safetensors;
import recur.tensor.ParamStore;

/**
 * The one model-file layer of every trained kind (language model, classifier, seq2seq, ...): a
 * {@link ModelArchive} whose recur.json holds, in this order, the format fields and kind, what
 * the kind describes itself with (architecture, vocabularies, label sets), the provenance under
 * "training" (see {@code cli/Provenance}), and for a checkpoint "checkpoint"; the weights hold
 * the parameters under their names and, in a checkpoint, the optimiser's moments ({@code optim.*})
 * and the carried state ({@code state.*}). A checkpoint is a model file with more in it, so every
 * command that reads the model reads its checkpoint too.
 *
 * <p>A kind registers how it builds itself: {@code ModelFile.kind("lm", LmFile::build)}. A
 * command reads with the kinds it accepts ({@link #read(Path, Kind[])}); any other kind is a
 * {@link ModelFileException} (exit 3) naming what the file is and what was expected.
 */
public final class ModelFile {
    private static final Map<String, Kind<?>> KINDS = new ConcurrentHashMap<>();

    private ModelFile() {}

    /** What a model to be written provides. */
    public interface Contents {
        /** The kind, as registered. */
        String kind();

        /** Adds the kind's own fields to recur.json (architecture, vocabulary, labels). */
        void describe(ObjectNode meta);

        /** The parameters, written under their names. */
        ParamStore params();
    }

    /**
     * A kind of model and how it is rebuilt from its file.
     *
     * @param <T> what reading gives (the model with its vocabularies)
     */
    public record Kind<T>(String name, BiFunction<ModelArchive, Path, T> builder) {
        /** Rebuilds the model from an archive of this kind. */
        public T build(ModelArchive archive, Path from) {
            return builder.apply(archive, from);
        }
    }

    /** Registers a kind (once, from the class that defines it) and returns it. */
    public static <T> Kind<T> kind(String name, BiFunction<ModelArchive, Path, T> builder) {
        Kind<T> k = new Kind<>(name, builder);
        Kind<?> before = KINDS.putIfAbsent(name, k);
        if (before != null) {
            throw new IllegalStateException("model kind " + name + " registered twice");
        }
        return k;
    }

    /** The kinds registered so far (by the classes loaded so far). */
    public static List<String> kinds() {
        return KINDS.keySet().stream().sorted().toList();
    }

    /**
     * Writes a model file (or a checkpoint, with {@code checkpoint} and {@code extraTensors})
     * atomically.
     *
     * @param provenance stored as "training" (null: none)
     * @param checkpoint stored as "checkpoint" (null for a model file)
     */
    public static void write(Path path, Contents model, JsonNode provenance, JsonNode checkpoint,
                             List<Safetensors.Tensor> extraTensors) throws IOException {
        ObjectNode meta = ModelArchive.newMeta(model.kind());
        model.describe(meta);
        if (provenance != null) {
            meta.set("training", provenance);
        }
        if (checkpoint != null) {
            meta.set("checkpoint", checkpoint);
        }
        List<Safetensors.Tensor> tensors = new ArrayList<>();
        ParamStore ps = model.params();
        for (ParamStore.Param p : ps.params()) {
            tensors.add(new Safetensors.Tensor(p.name(), p.shape(), ps.values(), p.offset()));
        }
        tensors.addAll(extraTensors);
        ModelArchive.write(path, meta, tensors);
    }

    /** A model read back, with its archive (metadata, provenance, checkpoint tensors). */
    public record Read<T>(T model, String kind, ModelArchive archive) {}

    /**
     * Reads a model file of one of the {@code accepted} kinds and builds it; a file of another
     * kind is a ModelFileException that names both.
     */
    @SafeVarargs
    public static <T> Read<T> read(Path path, Kind<? extends T>... accepted) {
        ModelArchive a = ModelArchive.read(path, accepted.length == 1 ? accepted[0].name() : null);
        String got = a.meta().path("kind").asText("");
        for (Kind<? extends T> k : accepted) {
            if (k.name().equals(got)) {
                return new Read<>(ModelArchive.building(path, () -> k.build(a, path)), got, a);
            }
        }
        String wanted = Arrays.stream(accepted).map(k -> k.name() + " model").collect(Collectors.joining(" or a "));
        throw new ModelFileException(path + ": a " + (got.isEmpty() ? "model of unknown kind" : got + " model")
                + ", expected a " + wanted);
    }

    /**
     * Asks the heap for a model's declared parameters, values and gradients, before either exists:
     * an absurd architecture (from options or a damaged file) is one line saying how much it needs
     * and how to give more (exit 3), not an OutOfMemoryError. Every model calls it before
     * {@link ParamStore#allocate}.
     *
     * @param what the model, for the message ("a language model")
     */
    public static void requireMemory(ParamStore params, String what, JsonNode arch) {
        long n = params.declared();
        Memory.require(Math.multiplyHigh(n, 8) != 0 ? -1 : n * 8, what + " of " + n + " parameters (" + arch + ")");
    }

    /** Copies the named tensors of an archive into {@code ps}, checking that each is there with its shape. */
    public static void loadParams(ModelArchive a, ParamStore ps, Path from) {
        for (ParamStore.Param p : ps.params()) {
            Safetensors.Tensor t = a.tensors().get(p.name());
            if (t == null) {
                throw new ModelFileException(from + ": model file has no tensor " + p.name());
            }
            if (!Arrays.equals(t.shape(), p.shape())) {
                throw new ModelFileException(from + ": tensor " + p.name() + " has shape " + Arrays.toString(t.shape())
                        + ", the architecture needs " + Arrays.toString(p.shape()));
            }
            System.arraycopy(t.data(), t.offset(), ps.values(), p.offset(), p.size());
        }
    }
}
