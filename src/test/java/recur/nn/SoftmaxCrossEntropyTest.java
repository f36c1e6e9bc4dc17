package recur.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import recur.tensor.GradCheck;
import recur.tensor.Tape;
import recur.tensor.Var;

class SoftmaxCrossEntropyTest {
    /** The definition, in double, one row at a time. */
    static double reference(float[] logits, int[] targets, int v, int ignore, double eps) {
        double sum = 0;
        int count = 0;
        for (int r = 0; r < targets.length; r++) {
            if (targets[r] == ignore) {
                continue;
            }
            double z = 0;
            for (int j = 0; j < v; j++) {
                z += Math.exp(logits[r * v + j]);
            }
            double loss = 0;
            for (int j = 0; j < v; j++) {
                double q = (j == targets[r] ? 1 - eps : 0) + eps / v;
                loss -= q * (logits[r * v + j] - Math.log(z));
            }
            sum += loss;
            count++;
        }
        return sum / count;
    }

    @Test
    void matchesDefinition() {
        SplittableRandom rnd = new SplittableRandom(4);
        int n = 6, v = 7;
        float[] logits = TestData.uniform(rnd, n * v, 3);
        int[] targets = {0, 6, 2, 2, 5, 3};
        for (double eps : new double[] {0, 0.1, 1}) {
            var loss = SoftmaxCrossEntropy.apply(Tape.inference(), Var.constant(logits, n, v), targets, 2, (float) eps);
            assertEquals(4, loss.count());
            assertEquals(reference(logits, targets, v, 2, eps), loss.loss().get(0), 1e-5);
            assertEquals(reference(logits, targets, v, 2, eps), loss.mean(), 1e-6);
        }
        var plain = SoftmaxCrossEntropy.apply(Tape.inference(), Var.constant(logits, n, v), targets, 2, 0.3f);
        assertEquals(reference(logits, targets, v, 2, 0), plain.nllSum() / plain.count(), 1e-6);
    }

    @Test
    void largeLogitsDoNotOverflow() {
        float[] logits = {1000, 999, -1000};
        var loss = SoftmaxCrossEntropy.apply(Tape.inference(), Var.constant(logits, 1, 3), new int[] {1}, -1, 0);
        assertEquals(1 + Math.log1p(Math.exp(-1)), loss.mean(), 1e-6);
    }

    @Test
    void gradientWithIgnoreIndexAndSmoothing() {
        SplittableRandom rnd = new SplittableRandom(5);
        int[] targets = {1, 0, 5, 0, 3};
        for (float eps : new float[] {0f, 0.2f}) {
            // a fresh input each time: GradCheck does not zero input gradients
            Var logits = TestData.input(rnd, 2, 5, 6);
            GradCheck.standard().check(null, List.of(logits),
                    tape -> SoftmaxCrossEntropy.apply(tape, logits, targets, 0, eps).loss(), 11);
        }
    }

    @Test
    void ignoredRowsGetZeroGradient() {
        SplittableRandom rnd = new SplittableRandom(6);
        Var logits = TestData.input(rnd, 2, 3, 4);
        Tape tape = Tape.training();
        var loss = SoftmaxCrossEntropy.apply(tape, logits, new int[] {2, -100, 1}, -100, 0.1f);
        loss.loss().g()[0] = 1;
        tape.backward();
        for (int j = 0; j < 4; j++) {
            assertEquals(0f, logits.g()[4 + j]);
        }
        double rowSum = 0;
        for (int j = 0; j < 4; j++) {
            rowSum += logits.g()[j];
        }
        assertEquals(0, rowSum, 1e-6);
    }

    @Test
    void allIgnoredGivesZeroLoss() {
        Var logits = Var.of(new float[] {1, 2}, 1, 2);
        Tape tape = Tape.training();
        var loss = SoftmaxCrossEntropy.apply(tape, logits, new int[] {0}, 0, 0);
        assertEquals(0, loss.count());
        assertEquals(0f, loss.loss().get(0));
        tape.backward();
    }

    @Test
    void logSoftmaxAndLogProb() {
        float[] logits = {0.5f, -1, 2, 0};
        float[] out = new float[4];
        double lse = SoftmaxCrossEntropy.logSoftmax(logits, 0, 4, out, 0);
        double z = Math.exp(0.5) + Math.exp(-1) + Math.exp(2) + 1;
        assertEquals(Math.log(z), lse, 1e-6);
        assertEquals(2 - Math.log(z), out[2], 1e-6);
        assertEquals(-1 - Math.log(z), SoftmaxCrossEntropy.logProb(logits, 0, 4, 1), 1e-6);
    }

    @Test
    void badTargetIsNamed() {
        Var logits = Var.constant(new float[6], 2, 3);
        var e = assertThrows(IllegalArgumentException.class,
                () -> SoftmaxCrossEntropy.apply(Tape.inference(), logits, new int[] {0, 3}, -1, 0));
        assertEquals(true, e.getMessage().contains("3"));
        assertThrows(IllegalArgumentException.class,
                () -> SoftmaxCrossEntropy.apply(Tape.inference(), logits, new int[] {0, 1}, -1, 1.5f));
    }
}
