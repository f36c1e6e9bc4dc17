package recur.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import recur.eval.SimilarityEval;
import recur.io.Inputs;
import recur.io.Json;
import recur.io.JsonlWriter;
import recur.io.RecordReader;
import recur.model.word2vec.Embeddings;

/** {@code recur eval similarity}: Spearman's ρ against human similarity scores. */
@Command(mixinStandardHelpOptions = true, name = "similarity", sortOptions = false,
        header = "Word-similarity correlation (WordSim-353 and the like): Spearman's rho.",
        description = {
            "Reads word pairs with human scores: text lines 'word1 word2 score' (tab, comma or space separated;"
                    + " a header line and # comments are skipped) or JSONL {\"w1\", \"w2\", \"score\"}. Scores each pair by"
                    + " the cosine of the two words' vectors and writes, per input file, one JSONL record"
                    + " {\"file\", \"pairs\", \"found\", \"oov\", \"oov_pct\", \"spearman\", \"pearson\"}. Pairs with a word"
                    + " outside the '--limit' most frequent are out of vocabulary: counted and left out, as gensim does."
                    + " Ties get mean ranks.",
            "",
            "Memory: the model's vectors twice."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  recur eval similarity -m emb.model EN-WS-353-ALL.txt EN-WS-353-SIM.txt EN-WS-353-REL.txt",
            "  recur eval similarity -m emb.model --case-sensitive pairs.jsonl"})
public final class EvalSimilarityCommand implements Callable<Integer> {
    @Mixin
    ModelOption model;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "0", converter = Ranges.NonNegative.class,
            description = "Use only the N most frequent words (0: all; gensim's default is 300000). Default: ${DEFAULT-VALUE}.")
    int limit;

    @Option(names = "--case-sensitive", description = "Match words exactly instead of case-insensitively.")
    boolean caseSensitive;

    @Mixin
    InputOptions in;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        Embeddings e = Embeddings.load(model.path());
        EmbedLookup lookup = new EmbedLookup(e, limit, !caseSensitive);
        float[] u = e.unit();
        int dim = e.dim();
        Progress progress = new Progress(System.err, common.quiet);
        List<String> files = new ArrayList<>(Inputs.namesOrStdin(in.files));
        try (JsonlWriter out = new JsonlWriter(System.out, false)) {
            for (String f : files) {
                List<SimilarityEval.Pair> pairs;
                try (RecordReader reader = in.reader(List.of(f))) {
                    pairs = SimilarityEval.read(reader, in.textField);
                    InputOptions.reportSkipped(reader, progress, "eval similarity");
                }
                SimilarityEval.Result r = SimilarityEval.run(pairs, (w1, w2) -> {
                    int a = lookup.id(w1);
                    int b = lookup.id(w2);
                    if (a < 0 || b < 0) {
                        return Double.NaN;
                    }
                    double s = 0;
                    for (int j = 0; j < dim; j++) {
                        s += (double) u[a * dim + j] * u[b * dim + j];
                    }
                    return s;
                });
                ObjectNode n = Json.MAPPER.createObjectNode();
                n.put("file", f);
                n.put("pairs", r.pairs());
                n.put("found", r.found());
                n.put("oov", r.oov());
                n.put("oov_pct", r.pairs() == 0 ? 0.0 : 100.0 * r.oov() / r.pairs());
                putNumber(n, "spearman", r.spearman());
                putNumber(n, "pearson", r.pearson());
                out.write(n);
                progress.note(String.format(Locale.ROOT, "%s: Spearman %.4f, Pearson %.4f over %d of %d pairs (%d out of vocabulary)",
                        f, r.spearman(), r.pearson(), r.found(), r.pairs(), r.oov()));
            }
        }
        return 0;
    }

    private static void putNumber(ObjectNode n, String k, double v) {
        if (Double.isNaN(v)) {
            n.putNull(k);
        } else {
            n.put(k, v);
        }
    }
}
