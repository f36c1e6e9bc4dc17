package recur.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import recur.io.BadInputException;
import recur.io.Json;
import recur.io.Record;
import recur.io.RecordReader;

class ClassificationEvalTest {
    private static final double EPS = 1e-12;

    /**
     * testdata/classify/eval-preds.jsonl by hand: rows gold a, b, c; columns predicted a, b, c:
     * a [3 1 0], b [1 2 0], c [1 0 2]. Precision = diagonal / column sum (3/5, 2/3, 2/2), recall =
     * diagonal / row sum (3/4, 2/3, 2/3), F1 2/3, 2/3, 4/5; accuracy 7/10.
     */
    @Test
    void figuresEqualTheHandComputedConfusionMatrix() {
        ClassificationEval e = new ClassificationEval(ClassificationEval.Fields.DEFAULT, 1, 0);
        try (RecordReader r = RecordReader.of(List.of("testdata/classify/eval-preds.jsonl"))) {
            e.addAll(r);
        }
        ClassificationEval.Result res = e.result();
        assertEquals(10, res.examples());
        assertEquals(List.of("a", "b", "c"), res.confusionLabels());
        assertArrayEquals(new long[] {3, 1, 0}, res.confusion()[0]);
        assertArrayEquals(new long[] {1, 2, 0}, res.confusion()[1]);
        assertArrayEquals(new long[] {1, 0, 2}, res.confusion()[2]);
        assertEquals(0.7, res.accuracy(), EPS);
        assertEquals(0.7, res.microF1(), EPS);
        double[] p = {3 / 5.0, 2 / 3.0, 1.0};
        double[] rc = {3 / 4.0, 2 / 3.0, 2 / 3.0};
        double[] f1 = {2 / 3.0, 2 / 3.0, 0.8};
        long[] support = {4, 3, 3};
        for (int i = 0; i < 3; i++) {
            ClassificationEval.ClassScore c = res.classes().get(i);
            assertEquals(p[i], c.precision(), EPS, c.label());
            assertEquals(rc[i], c.recall(), EPS, c.label());
            assertEquals(f1[i], c.f1(), EPS, c.label());
            assertEquals(support[i], c.support(), c.label());
        }
        assertEquals((2 / 3.0 + 2 / 3.0 + 0.8) / 3, res.macroF1(), EPS);
        assertEquals(0.7, res.precisionAtK(), EPS, "P@1 of single-label data is accuracy");
    }

    @Test
    void multiLabelPrecisionAndRecallAtKFollowFastTextTest() {
        ClassificationEval e = new ClassificationEval(ClassificationEval.Fields.DEFAULT, 2, 0.1);
        // best two: x, y -> one of two gold found; best two above 0.1: z only -> z correct
        e.add(record("{\"labels\": [\"x\", \"w\"], \"pred\": [\"x\"], \"probs\": {\"y\": 0.5, \"x\": 0.7, \"z\": 0.05}}"));
        e.add(record("{\"labels\": [\"z\"], \"pred\": [\"z\"], \"probs\": {\"z\": 0.9, \"x\": 0.05}}"));
        ClassificationEval.Result r = e.result();
        // counted: x, y (first), z (second) -> 2 correct of 3; gold labels 3
        assertEquals(2 / 3.0, r.precisionAtK(), EPS);
        assertEquals(2 / 3.0, r.recallAtK(), EPS);
        assertEquals(0.5, r.accuracy(), EPS, "exact match: only the second");
        assertNull(r.confusion(), "no confusion matrix for multi-label data");
        // micro: predicted {x}, {z}: 2 correct of 2 predicted, of 3 gold
        assertEquals(1.0, r.microPrecision(), EPS);
        assertEquals(2 / 3.0, r.microRecall(), EPS);
    }

    @Test
    void aRecordWithoutALabelOrPredictionNamesItsPlace() {
        ClassificationEval e = new ClassificationEval(ClassificationEval.Fields.DEFAULT, 1, 0);
        BadInputException x = assertThrows(BadInputException.class, () -> e.add(record("{\"pred\": \"a\"}")));
        assertTrue(x.getMessage().startsWith("t.jsonl:7: missing field \"label\""), x.getMessage());
        x = assertThrows(BadInputException.class, () -> e.add(record("{\"label\": \"a\"}")));
        assertTrue(x.getMessage().contains("missing field \"pred\""), x.getMessage());
    }

    private static Record record(String json) {
        try {
            return new Record((com.fasterxml.jackson.databind.node.ObjectNode) Json.MAPPER.readTree(json), "t.jsonl", 7);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
