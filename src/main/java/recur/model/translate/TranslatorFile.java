package recur.model.translate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import recur.io.ModelArchive;
import recur.io.ModelFileException;
import recur.model.ModelFile;
import recur.tensor.ParamStore;

/**
 * Translator files, kind "translator" of {@link ModelFile}: recur.json with "architecture",
 * "source" and "target" (each side's vocabulary or tokenizer, see {@link Side}), and the
 * parameters under their PyTorch names ({@link Translator}). A checkpoint is the same file with
 * more in it, so it translates as it is.
 */
public final class TranslatorFile {
    public static final String KIND = "translator";

    /** A translator read back with its two sides. */
    public record Loaded(Translator model, Side source, Side target, ObjectNode meta, ModelArchive archive) {}

    public static final ModelFile.Kind<Loaded> TRANSLATOR = ModelFile.kind(KIND, TranslatorFile::build);

    private TranslatorFile() {}

    /** What a translator and its sides write into a model file. */
    public static ModelFile.Contents contents(Translator model, Side source, Side target) {
        return new ModelFile.Contents() {
            @Override
            public String kind() {
                return KIND;
            }

            @Override
            public void describe(ObjectNode meta) {
                meta.set("architecture", model.architecture().toJson());
                meta.set("source", source.toJson());
                meta.set("target", target.toJson());
            }

            @Override
            public ParamStore params() {
                return model.params();
            }
        };
    }

    public static Loaded load(Path path) {
        return ModelFile.read(path, TRANSLATOR).model();
    }

    private static Loaded build(ModelArchive a, Path path) {
        Architecture arch = Architecture.fromJson(a.meta().path("architecture"));
        Side source = Side.fromJson(a.meta().path("source"), path.toString());
        Side target = Side.fromJson(a.meta().path("target"), path.toString());
        if (source.size() != arch.srcVocab() || target.size() != arch.tgtVocab()) {
            throw new ModelFileException(path + ": vocabularies of " + source.size() + " and " + target.size()
                    + " tokens, but the model's are " + arch.srcVocab() + " and " + arch.tgtVocab());
        }
        Translator model = new Translator(arch);
        ModelFile.loadParams(a, model.params(), path);
        return new Loaded(model, source, target, a.meta(), a);
    }
}
