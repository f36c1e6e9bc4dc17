package recur.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import recur.io.BadInputException;
import recur.io.Record;
import recur.model.word2vec.Embeddings;

/** {@code recur embed analogy}: a is to b as c is to ?. */
@Command(mixinStandardHelpOptions = true, name = "analogy", sortOptions = false,
        header = "Answer analogies a:b :: c:? (3CosAdd or 3CosMul).",
        description = {
            "Reads one question a record: fields 'a', 'b', 'c', or a text line \"a b c\" (a fourth word is ignored)."
                    + " Writes each record back with 'answer' (the best word, or null when a word is unknown) and"
                    + " 'candidates': [{\"word\", \"score\"}, ...]; the three query words are never answers.",
            "",
            "Memory: the model's vectors twice (raw and unit length)."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  echo 'man king woman' | recur embed analogy -m emb.model",
            "  recur embed analogy -m emb.model --method mul -k 3 questions.jsonl"})
public final class EmbedAnalogyCommand implements Callable<Integer> {
    @Mixin
    ModelOption model;

    @Option(names = {"-k", "--top"}, paramLabel = "K", defaultValue = "5", converter = Ranges.Positive.class, description = "Candidates per question. Default: ${DEFAULT-VALUE}.")
    int k;

    @Option(names = "--method", paramLabel = "add|mul", defaultValue = "add",
            description = "3CosAdd: cos(x, b-a+c); 3CosMul: cos(x,b) cos(x,c) / cos(x,a) on [0,1]-shifted cosines. Default: ${DEFAULT-VALUE}.")
    String method;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "0",
            converter = Ranges.NonNegative.class,
            description = "Use only the N most frequent words, for the questions and the answers (0: all). Default: ${DEFAULT-VALUE}.")
    int limit;

    @Option(names = "--ignore-case", description = "Match question words case-insensitively (the most frequent spelling wins).")
    boolean ignoreCase;

    @Mixin
    RecordStream stream;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        boolean mul = mul(method);
        Embeddings e = Embeddings.load(model.path());
        EmbedLookup lookup = new EmbedLookup(e, limit, ignoreCase);
        long unknown = stream.run(r -> {
            String[] q = question(r, stream.in.textField);
            int a = lookup.id(q[0]);
            int b = lookup.id(q[1]);
            int c = lookup.id(q[2]);
            ObjectNode node = r.node();
            if (a < 0 || b < 0 || c < 0) {
                node.putNull("answer");
                node.putArray("candidates");
                return true;
            }
            List<Embeddings.Scored> found = e.analogy(a, b, c, k, lookup.limit(), mul);
            node.put("answer", found.isEmpty() ? null : found.get(0).word());
            EmbedLookup.putScored(node, "candidates", found);
            return false;
        });
        if (unknown > 0) {
            stream.progress().note("recur embed analogy: " + unknown + " questions with a word not in the vocabulary");
        }
        return 0;
    }

    static boolean mul(String method) {
        return switch (method.toLowerCase(Locale.ROOT)) {
            case "add", "3cosadd" -> false;
            case "mul", "3cosmul" -> true;
            default -> throw new IllegalArgumentException("--method must be add or mul, got " + method);
        };
    }

    private static String[] question(Record r, String textField) {
        if (r.has("a")) {
            return new String[] {r.text("a"), r.text("b"), r.text("c")};
        }
        String[] f = r.text(textField).strip().split("\\s+");
        if (f.length < 3 || f.length > 4) {
            throw new BadInputException(r.where(), "expected \"a b c\" (three words), got " + f.length);
        }
        return f;
    }
}
