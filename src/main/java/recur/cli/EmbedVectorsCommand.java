package recur.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import recur.model.word2vec.Embeddings;
import recur.model.word2vec.SentenceVectors;

/** {@code recur embed vectors}: sentence and document vectors. */
@Command(mixinStandardHelpOptions = true, name = "vectors", sortOptions = false,
        header = "Add sentence/document vectors (mean of word vectors) to records.",
        description = {
            "Reads records (the '--tokens-field' string array when present, else the text split on whitespace) and"
                    + " writes each back with '--vector-field' set to the mean of its words' vectors, optionally weighted"
                    + " by a/(a + p(w)) (smooth inverse frequency). Unknown words are skipped (with an n-gram model they"
                    + " get a vector from their n-grams); a record with no known word gets a zero vector. Every other"
                    + " field passes through.",
            "",
            "Memory: the model's vectors; streaming otherwise."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  recur embed vectors -m emb.model --weighting sif docs.jsonl > docs.vec.jsonl",
            "  echo 'the cat sat on the mat' | recur embed vectors -m emb.model --lower"})
public final class EmbedVectorsCommand implements Callable<Integer> {
    @Mixin
    ModelOption model;

    @Option(names = "--weighting", paramLabel = "none|sif", defaultValue = "none",
            description = "none: plain mean; sif: weight a/(a + p(w)) by corpus frequency (needs a trained model's counts). Default: ${DEFAULT-VALUE}.")
    String weighting;

    @Option(names = "--sif-a", paramLabel = "A", defaultValue = "1e-3", converter = Ranges.PositiveReal.class, description = "The constant a of --weighting sif. Default: ${DEFAULT-VALUE}.")
    double sifA;

    @Mixin
    TokensFieldOption tokens;

    @Option(names = "--vector-field", paramLabel = "NAME", defaultValue = "vector", description = "Field to write the vector to. Default: ${DEFAULT-VALUE}.")
    String vectorField;

    @Option(names = "--lower", description = "Lower-case tokens before looking them up.")
    boolean lower;

    @Mixin
    RecordStream stream;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        double a = switch (weighting.toLowerCase(Locale.ROOT)) {
            case "none" -> 0;
            case "sif" -> sifA;
            default -> throw new IllegalArgumentException("--weighting must be none or sif, got " + weighting);
        };
        Embeddings e = Embeddings.load(model.path());
        SentenceVectors sv = new SentenceVectors(e, a);
        float[] v = new float[e.dim()];
        long empty = stream.run(r -> {
            String[] toks = r.has(tokens.field) ? r.strings(tokens.field) : r.text(stream.in.textField).strip().split("\\s+");
            if (lower) {
                for (int i = 0; i < toks.length; i++) {
                    toks[i] = toks[i].toLowerCase(Locale.ROOT);
                }
            }
            boolean noKnownWord = sv.vector(toks, v) == 0;
            ArrayNode arr = r.node().putArray(vectorField);
            for (float x : v) {
                arr.add(x);
            }
            return noKnownWord;
        });
        if (empty > 0) {
            stream.progress().note("recur embed vectors: " + empty + " records had no known word (zero vectors)");
        }
        return 0;
    }
}
