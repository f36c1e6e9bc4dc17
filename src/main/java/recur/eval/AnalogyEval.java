package recur.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import recur.io.BadInputException;
import recur.io.Record;
import recur.io.RecordReader;

/**
 * Word-analogy accuracy in the layout of word2vec's questions-words.txt: questions
 * {@code a b c d} (a is to b as c is to d) grouped in sections; sections whose name starts with
 * {@code gram} are syntactic, the others semantic. A question with a word the model does not
 * know (or that is outside its most frequent words) is counted as OOV and left out of the
 * accuracy, as compute-accuracy and gensim do; the total also reports accuracy over all
 * questions with OOV ones counted wrong.
 */
public final class AnalogyEval {
    /** One question. */
    public record Question(String section, String a, String b, String c, String d, String where) {}

    /** Tallies of one section, or of all. */
    public static final class Tally {
        public final String section;
        public long correct;
        public long seen;
        public long oov;

        Tally(String section) {
            this.section = section;
        }

        public long total() {
            return seen + oov;
        }

        public double accuracy() {
            return seen == 0 ? Double.NaN : correct / (double) seen;
        }

        void add(Tally o) {
            correct += o.correct;
            seen += o.seen;
            oov += o.oov;
        }
    }

    /** Per-section tallies in file order, and the semantic, syntactic and overall sums. */
    public record Result(List<Tally> sections, Tally semantic, Tally syntactic, Tally total) {}

    private AnalogyEval() {}

    /**
     * Reads questions: JSONL records with {@code a b c d} (and {@code section}), or text lines
     * {@code : section} and {@code a b c d} as in questions-words.txt.
     */
    public static List<Question> read(RecordReader records, String textField) {
        List<Question> out = new ArrayList<>();
        String[] section = {""};
        while (records.hasNext()) {
            records.process(records.next(), r -> {
                if (r.has("a")) {
                    String sec = r.has("section") ? r.text("section") : section[0];
                    out.add(new Question(sec, r.text("a"), r.text("b"), r.text("c"), r.text("d"), r.where()));
                    return;
                }
                String line = r.text(textField).strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    return;
                }
                if (line.startsWith(":")) {
                    section[0] = line.substring(1).strip();
                    return;
                }
                String[] f = line.split("\\s+");
                if (f.length != 4) {
                    throw new BadInputException(r.where(), "expected 4 words \"a b c d\", got " + f.length);
                }
                out.add(new Question(section[0], f[0], f[1], f[2], f[3], r.where()));
            });
        }
        return out;
    }

    /** Tallies answers (answers[i] answers questions[i]; null means a word was out of vocabulary). */
    public static Result tally(List<Question> questions, String[] answers, boolean ignoreCase) {
        Map<String, Tally> bySection = new LinkedHashMap<>();
        for (int i = 0; i < questions.size(); i++) {
            Question q = questions.get(i);
            String got = answers[i];
            Tally t = bySection.computeIfAbsent(q.section(), Tally::new);
            if (got == null) {
                t.oov++;
            } else {
                t.seen++;
                if (ignoreCase ? got.equalsIgnoreCase(q.d()) : got.equals(q.d())) {
                    t.correct++;
                }
            }
        }
        Tally sem = new Tally("semantic");
        Tally syn = new Tally("syntactic");
        Tally all = new Tally("total");
        for (Tally t : bySection.values()) {
            (t.section.startsWith("gram") ? syn : sem).add(t);
            all.add(t);
        }
        return new Result(new ArrayList<>(bySection.values()), sem, syn, all);
    }
}
