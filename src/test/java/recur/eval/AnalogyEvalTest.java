package recur.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import recur.io.BadInputException;
import recur.io.RecordReader;

class AnalogyEvalTest {
    @Test
    void readsSectionsAndTalliesPerSectionWithOov() {
        List<AnalogyEval.Question> qs;
        try (RecordReader r = RecordReader.of(List.of("testdata/embed/questions.txt"))) {
            qs = AnalogyEval.read(r, "text");
        }
        assertEquals(4, qs.size());
        assertEquals("planted-roles", qs.get(0).section());
        assertEquals("gram-unknown", qs.get(3).section());
        assertEquals("testdata/embed/questions.txt:2", qs.get(0).where());
        String[] answers = {"W1F", "w2m", "w3m", null};
        AnalogyEval.Result res = AnalogyEval.tally(qs, answers, true);
        assertEquals(2, res.sections().size());
        AnalogyEval.Tally roles = res.sections().get(0);
        assertEquals(2, roles.correct);
        assertEquals(3, roles.seen);
        assertEquals(1, res.syntactic().oov);
        assertEquals(0, res.syntactic().seen);
        assertTrue(Double.isNaN(res.syntactic().accuracy()));
        assertEquals(2, res.total().correct);
        assertEquals(4, res.total().total());
        assertEquals(1, AnalogyEval.tally(qs, answers, false).total().correct, "case-sensitive: W1F is wrong");
    }

    @Test
    void aLineWithoutFourWordsIsBadInputWithItsPlace() throws Exception {
        java.nio.file.Path f = java.nio.file.Files.createTempFile("q", ".txt");
        java.nio.file.Files.writeString(f, ": s\na b c d\na b c\n");
        try (RecordReader r = RecordReader.of(List.of(f.toString()))) {
            BadInputException e = assertThrows(BadInputException.class, () -> AnalogyEval.read(r, "text"));
            assertTrue(e.getMessage().startsWith(f + ":3: "), e.getMessage());
        } finally {
            java.nio.file.Files.delete(f);
        }
    }

    @Test
    void similarityCountsOovAndSkipsHeader() {
        List<SimilarityEval.Pair> pairs;
        try (RecordReader r = RecordReader.of(List.of("testdata/embed/pairs.txt"))) {
            pairs = SimilarityEval.read(r, "text");
        }
        assertEquals(6, pairs.size());
        SimilarityEval.Result res = SimilarityEval.run(pairs, (a, b) -> b.equals("nosuchword") ? Double.NaN : a.length() + b.length() + pairs.indexOf(
                pairs.stream().filter(p -> p.w1().equals(a) && p.w2().equals(b)).findFirst().orElseThrow()));
        assertEquals(1, res.oov());
        assertEquals(5, res.found());
    }
}
