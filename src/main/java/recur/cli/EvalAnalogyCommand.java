package recur.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import recur.eval.AnalogyEval;
import recur.io.Json;
import recur.io.JsonlWriter;
import recur.io.RecordReader;
import recur.model.word2vec.Embeddings;

/** {@code recur eval analogy}: questions-words.txt accuracy. */
@Command(mixinStandardHelpOptions = true, name = "analogy", sortOptions = false,
        header = "Word-analogy accuracy (questions-words.txt), per section and in total.",
        description = {
            "Reads analogy questions: word2vec's questions-words.txt layout (': section' lines, then 'a b c d') or"
                    + " JSONL {\"section\", \"a\", \"b\", \"c\", \"d\"}. Each question is answered over the '--limit' most"
                    + " frequent words (word2vec's compute-accuracy uses 30000, gensim 300000), the three query words"
                    + " excluded; a question with a word outside them is counted as out of vocabulary (oov) and left out"
                    + " of 'accuracy', as both tools do ('accuracy_all' counts it wrong). Words match case-insensitively"
                    + " unless --case-sensitive.",
            "",
            "Writes one JSONL record per section, then 'semantic', 'syntactic' (sections named gram*) and 'total':"
                    + " {\"section\", \"correct\", \"seen\", \"oov\", \"accuracy\", \"accuracy_all\"}. A summary goes to standard error.",
            "",
            "Memory: the model's vectors twice; time: questions x limit x dim multiply-adds, spread over --threads."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  recur eval analogy -m emb.model questions-words.txt",
            "  recur eval analogy -m emb.model --limit 300000 --method mul --threads 2 questions-words.txt | tail -1"})
public final class EvalAnalogyCommand implements Callable<Integer> {
    @Mixin
    ModelOption model;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "30000", converter = Ranges.NonNegative.class,
            description = "Use only the N most frequent words (0: all). Default: ${DEFAULT-VALUE}.")
    int limit;

    @Option(names = "--method", paramLabel = "add|mul", defaultValue = "add", description = "3CosAdd or 3CosMul. Default: ${DEFAULT-VALUE}.")
    String method;

    @Option(names = "--case-sensitive", description = "Match words exactly instead of case-insensitively.")
    boolean caseSensitive;

    @Mixin
    InputOptions in;

    @Mixin
    ThreadsOption compute;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() throws Exception {
        compute.apply();
        boolean mul = EmbedAnalogyCommand.mul(method);
        Embeddings e = Embeddings.load(model.path());
        EmbedLookup lookup = new EmbedLookup(e, limit, !caseSensitive);
        List<AnalogyEval.Question> qs;
        try (RecordReader reader = in.reader()) {
            qs = AnalogyEval.read(reader, in.textField);
            InputOptions.reportSkipped(reader, new Progress(System.err, common.quiet), "eval analogy");
        }
        String[] answers = new String[qs.size()];
        e.unit();
        int threads = Math.max(1, Math.min(compute.threads, qs.size()));
        Thread[] ts = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            int from = (int) ((long) qs.size() * t / threads);
            int to = (int) ((long) qs.size() * (t + 1) / threads);
            ts[t] = new Thread(() -> {
                for (int i = from; i < to; i++) {
                    AnalogyEval.Question q = qs.get(i);
                    int a = lookup.id(q.a());
                    int b = lookup.id(q.b());
                    int c = lookup.id(q.c());
                    int d = lookup.id(q.d());
                    if (a < 0 || b < 0 || c < 0 || d < 0) {
                        continue;
                    }
                    answers[i] = e.analogy(a, b, c, 1, lookup.limit(), mul).get(0).word();
                }
            }, "recur-analogy-" + t);
            ts[t].start();
        }
        for (Thread t : ts) {
            t.join();
        }
        AnalogyEval.Result r = AnalogyEval.tally(qs, answers, !caseSensitive);
        Progress progress = new Progress(System.err, common.quiet);
        try (JsonlWriter out = new JsonlWriter(System.out, false)) {
            for (AnalogyEval.Tally t : r.sections()) {
                out.write(record(t));
                progress.note(line(t));
            }
            for (AnalogyEval.Tally t : List.of(r.semantic(), r.syntactic(), r.total())) {
                out.write(record(t));
                progress.note(line(t));
            }
        }
        return 0;
    }

    private static ObjectNode record(AnalogyEval.Tally t) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("section", t.section);
        n.put("correct", t.correct);
        n.put("seen", t.seen);
        n.put("oov", t.oov);
        if (Double.isNaN(t.accuracy())) {
            n.putNull("accuracy");
        } else {
            n.put("accuracy", t.accuracy());
        }
        n.put("accuracy_all", t.total() == 0 ? 0.0 : t.correct / (double) t.total());
        return n;
    }

    private static String line(AnalogyEval.Tally t) {
        return String.format(Locale.ROOT, "%-28s %6.2f%%  (%d / %d; %d out of vocabulary)",
                t.section + ":", 100 * (Double.isNaN(t.accuracy()) ? 0 : t.accuracy()), t.correct, t.seen, t.oov);
    }
}
