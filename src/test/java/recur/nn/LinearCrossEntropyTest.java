package recur.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import recur.tensor.GradCheck;
import recur.tensor.Tape;
import recur.tensor.Var;

/**
 * The fused projection and cross-entropy against the two ops it replaces (Linear, then
 * SoftmaxCrossEntropy): the same loss sums and gradients for one vocabulary block and for many
 * with a ragged last one, with and without bias, ignored rows and smoothing; finite differences.
 */
class LinearCrossEntropyTest {
    private record Result(SoftmaxCrossEntropy.Loss loss, float[] dx, float[] dw, float[] db) {}

    private static Result run(boolean fused, float[] x, float[] w, float[] b, int n, int in, int v, int[] targets,
                              int ignore, float eps) {
        Var xv = Var.of(x.clone(), n, in);
        Var wv = Var.of(w.clone(), v, in);
        Var bv = b == null ? null : Var.of(b.clone(), v);
        Tape tape = Tape.training();
        SoftmaxCrossEntropy.Loss loss = fused
                ? LinearCrossEntropy.apply(tape, xv, wv, bv, targets, ignore, eps)
                : SoftmaxCrossEntropy.apply(tape, Linear.apply(tape, xv, wv, bv), targets, ignore, eps);
        loss.loss().g()[0] = 1;
        tape.backward();
        return new Result(loss, xv.g(), wv.g(), bv == null ? null : bv.g());
    }

    private static void assertClose(float[] want, float[] got, double tol, String what) {
        double scale = 0;
        for (float f : want) {
            scale = Math.max(scale, Math.abs(f));
        }
        for (int i = 0; i < want.length; i++) {
            assertEquals(want[i], got[i], tol * scale, what + "[" + i + "]");
        }
    }

    @Test
    void matchesLinearThenCrossEntropy() {
        SplittableRandom rnd = new SplittableRandom(21);
        // n = 4096 gives blocks of 16 rows: 300 is 18 full blocks and a ragged one; n = 7 one block
        int[][] shapes = {{7, 5, 11}, {4096, 3, 300}, {600, 9, 1000}};
        for (int[] shape : shapes) {
            int n = shape[0], in = shape[1], v = shape[2];
            float[] x = TestData.uniform(rnd, n * in, 2);
            float[] w = TestData.uniform(rnd, v * in, 2);
            float[] b = TestData.uniform(rnd, v, 1);
            int[] targets = new int[n];
            for (int r = 0; r < n; r++) {
                targets[r] = rnd.nextInt(5) == 0 ? 3 : rnd.nextInt(v);
            }
            for (float eps : new float[] {0f, 0.1f}) {
                for (float[] bias : new float[][] {b, null}) {
                    Result want = run(false, x, w, bias, n, in, v, targets, 3, eps);
                    Result got = run(true, x, w, bias, n, in, v, targets, 3, eps);
                    String what = n + "x" + in + "x" + v + " eps " + eps + (bias == null ? " no bias" : "");
                    assertEquals(want.loss().count(), got.loss().count(), what);
                    assertEquals(want.loss().lossSum(), got.loss().lossSum(), 1e-5 * Math.abs(want.loss().lossSum()), what);
                    assertEquals(want.loss().nllSum(), got.loss().nllSum(), 1e-5 * Math.abs(want.loss().nllSum()), what);
                    assertEquals(want.loss().loss().get(0), got.loss().loss().get(0), 1e-5, what);
                    assertClose(want.dx(), got.dx(), 1e-4, what + " dx");
                    assertClose(want.dw(), got.dw(), 1e-4, what + " dw");
                    if (bias == null) {
                        assertNull(got.db());
                    } else {
                        assertClose(want.db(), got.db(), 1e-4, what + " db");
                    }
                }
            }
        }
    }

    /**
     * With two threads the blocks are computed at once and dx by column parts: the loss and every
     * gradient keep the bits of one thread. Shapes: PTB small's 400 positions (blocks of 160 rows),
     * a split of dx's columns off the panel width (in = 200 is not a multiple of it), smoothing,
     * ignored rows, no bias, and dx's product in the form Gemm computes transposed (many rows a
     * block, a narrow input), which dx keeps whole per block.
     */
    @Test
    void twoThreadsGiveTheBitsOfOne() {
        SplittableRandom rnd = new SplittableRandom(25);
        int[][] shapes = {{400, 200, 1000}, {64, 40, 3000}, {256, 16, 5000}};
        int before = recur.tensor.Threads.get();
        try {
            for (int[] shape : shapes) {
                int n = shape[0], in = shape[1], v = shape[2];
                assertEquals(2, LinearCrossEntropy.threadsFor(2, n, v, in), java.util.Arrays.toString(shape));
                float[] x = TestData.uniform(rnd, n * in, 2);
                float[] w = TestData.uniform(rnd, v * in, 2);
                float[] b = TestData.uniform(rnd, v, 1);
                int[] targets = new int[n];
                for (int r = 0; r < n; r++) {
                    targets[r] = rnd.nextInt(7) == 0 ? 3 : rnd.nextInt(v);
                }
                for (float eps : new float[] {0f, 0.1f}) {
                    for (float[] bias : new float[][] {b, null}) {
                        String what = n + "x" + in + "x" + v + " eps " + eps + (bias == null ? " no bias" : "");
                        recur.tensor.Threads.set(1);
                        Result one = run(true, x, w, bias, n, in, v, targets, 3, eps);
                        recur.tensor.Threads.set(2);
                        // a few times: a task that lost another's writes (two threads allocating one
                        // gradient at once) would show in some of them
                        for (int rep = 0; rep < 4; rep++) {
                            Result two = run(true, x, w, bias, n, in, v, targets, 3, eps);
                            assertEquals(one.loss().lossSum(), two.loss().lossSum(), 0.0, what);
                            assertEquals(one.loss().nllSum(), two.loss().nllSum(), 0.0, what);
                            assertEquals(one.loss().loss().get(0), two.loss().loss().get(0), 0f, what);
                            org.junit.jupiter.api.Assertions.assertArrayEquals(one.dx(), two.dx(), what + " dx");
                            org.junit.jupiter.api.Assertions.assertArrayEquals(one.dw(), two.dw(), what + " dw");
                            org.junit.jupiter.api.Assertions.assertArrayEquals(one.db(), two.db(), what + " db");
                        }
                    }
                }
            }
        } finally {
            recur.tensor.Threads.set(before);
        }
    }

    @Test
    void smallLayersStayOnOneThread() {
        // a character model's: 128 positions, 60 symbols, 24 features
        assertEquals(1, LinearCrossEntropy.threadsFor(2, 128, 60, 24));
        // PTB small: 400 positions, 10,000 words, 200 features, in blocks of 160 rows
        assertEquals(2, LinearCrossEntropy.threadsFor(2, 400, 10000, 200));
        assertEquals(8, LinearCrossEntropy.threadsFor(8, 400, 10000, 200));
        assertEquals(1, LinearCrossEntropy.threadsFor(1, 400, 10000, 200));
        // one block only (16,384 positions: 16 rows a block, a vocabulary of 16)
        assertEquals(1, LinearCrossEntropy.threadsFor(2, 16384, 16, 512));
    }

    @Test
    void largeScoresDoNotOverflowAcrossBlocks() {
        // a 1-wide input and a weight per vocabulary row: the scores are the weights; the largest
        // sit in different blocks (n = 4096: 16 rows a block)
        int n = 4096, v = 40;
        float[] x = new float[n];
        java.util.Arrays.fill(x, 1f);
        float[] w = new float[v];
        java.util.Arrays.fill(w, -1000f);
        w[2] = 1000;
        w[35] = 999;
        int[] targets = new int[n];
        java.util.Arrays.fill(targets, 35);
        var loss = LinearCrossEntropy.apply(Tape.inference(), Var.constant(x, n, 1), Var.constant(w, v, 1), null,
                targets, SoftmaxCrossEntropy.NO_IGNORE, 0f);
        assertEquals(1 + Math.log1p(Math.exp(-1)), loss.mean(), 1e-6);
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        SplittableRandom rnd = new SplittableRandom(22);
        int[] targets = {1, 0, 5, 0, 3, 4};
        for (float eps : new float[] {0f, 0.2f}) {
            Var x = TestData.input(rnd, 1, 6, 4);
            Var w = TestData.input(rnd, 1, 7, 4);
            Var b = TestData.input(rnd, 1, 7);
            GradCheck.standard().check(null, List.of(x, w, b),
                    tape -> LinearCrossEntropy.apply(tape, x, w, b, targets, 0, eps).loss(), 23);
        }
    }

    @Test
    void inferenceKeepsNothingAndGivesTheSameLoss() {
        SplittableRandom rnd = new SplittableRandom(24);
        int n = 300, in = 4, v = 700;
        float[] x = TestData.uniform(rnd, n * in, 1), w = TestData.uniform(rnd, v * in, 1), b = TestData.uniform(rnd, v, 1);
        int[] targets = new int[n];
        for (int r = 0; r < n; r++) {
            targets[r] = rnd.nextInt(v);
        }
        Tape tape = Tape.inference();
        var fused = LinearCrossEntropy.apply(tape, Var.constant(x, n, in), Var.constant(w, v, in), Var.constant(b, v),
                targets, SoftmaxCrossEntropy.NO_IGNORE, 0f);
        var plain = SoftmaxCrossEntropy.apply(tape, Linear.apply(tape, Var.constant(x, n, in), Var.constant(w, v, in),
                Var.constant(b, v)), targets, SoftmaxCrossEntropy.NO_IGNORE, 0f);
        assertEquals(0, tape.size());
        assertEquals(plain.nllSum(), fused.nllSum(), 1e-5 * plain.nllSum());
    }

    @Test
    void badShapesAndTargetsAreNamed() {
        Var x = Var.of(new float[6], 2, 3);
        Var w = Var.of(new float[12], 4, 3);
        Tape tape = Tape.training();
        assertThrows(IllegalArgumentException.class,
                () -> LinearCrossEntropy.apply(tape, x, w, null, new int[] {0, 4}, -1, 0f));
        assertThrows(IllegalArgumentException.class,
                () -> LinearCrossEntropy.apply(tape, x, w, null, new int[] {0}, -1, 0f));
        assertThrows(IllegalArgumentException.class,
                () -> LinearCrossEntropy.apply(tape, x, Var.of(new float[8], 4, 2), null, new int[] {0, 1}, -1, 0f));
    }
}
