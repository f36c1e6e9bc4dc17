package recur.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import recur.tensor.ParamStore;
import recur.tensor.Tape;
import recur.tensor.Var;

/** The im2col convolution against the definition, written as plain loops, across block boundaries. */
class CausalConv1dTest {

    /** y[b,t,o] = bias[o] + Σ_{i,k} W[o,i,k]·x[b, t − D·(K−1−k), i]. */
    static float[] naiveForward(float[] x, float[] w, int wo, float[] bias, int bo, int nb, int nt, int cin, int cout,
                                int k, int d) {
        float[] y = new float[nb * nt * cout];
        for (int b = 0; b < nb; b++) {
            for (int t = 0; t < nt; t++) {
                for (int o = 0; o < cout; o++) {
                    double s = bias[bo + o];
                    for (int kk = 0; kk < k; kk++) {
                        int src = t - d * (k - 1 - kk);
                        if (src < 0) {
                            continue;
                        }
                        for (int i = 0; i < cin; i++) {
                            s += (double) w[wo + (o * cin + i) * k + kk] * x[(b * nt + src) * cin + i];
                        }
                    }
                    y[(b * nt + t) * cout + o] = (float) s;
                }
            }
        }
        return y;
    }

    @Test
    void matchesTheDefinitionOverSeveralBlocks() {
        int nb = 3;
        int nt = 500;
        int cin = 64;
        int cout = 24;
        int k = 4;
        int d = 8;
        int rows = CausalConv1d.chunkRows(nb * nt, cin * k);
        assertTrue(rows < nb * nt && nt % rows != 0, "the case must cross block boundaries mid-sequence");
        SplittableRandom rnd = new SplittableRandom(5);
        ParamStore store = new ParamStore();
        CausalConv1d conv = new CausalConv1d(store, "c", cin, cout, k, d, false);
        store.allocate();
        TcnGradTest.randomise(store, rnd);
        Var x = TcnGradTest.input(rnd, nb, nt, cin);
        ParamStore.Param w = store.get("c.weight");
        ParamStore.Param bias = store.get("c.bias");
        float[] expected = naiveForward(x.v, store.values(), w.offset(), store.values(), bias.offset(),
                nb, nt, cin, cout, k, d);
        Tape tape = Tape.training();
        Var y = conv.forward(tape, x);
        assertClose(expected, y.v, 1e-5);

        // backward of L = Σ y·r against the definition's adjoint written out as loops
        float[] r = new float[y.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = (float) rnd.nextDouble(-1, 1);
        }
        System.arraycopy(r, 0, y.g(), y.go(), r.length);
        store.zeroGrad();
        tape.backward();
        float[] dx = new float[x.size()];
        float[] dw = new float[w.size()];
        float[] db = new float[cout];
        float[] wv = store.values();
        for (int b = 0; b < nb; b++) {
            for (int t = 0; t < nt; t++) {
                for (int o = 0; o < cout; o++) {
                    float g = r[(b * nt + t) * cout + o];
                    db[o] += g;
                    for (int kk = 0; kk < k; kk++) {
                        int src = t - d * (k - 1 - kk);
                        if (src < 0) {
                            continue;
                        }
                        for (int i = 0; i < cin; i++) {
                            dx[(b * nt + src) * cin + i] += g * wv[w.offset() + (o * cin + i) * k + kk];
                            dw[(o * cin + i) * k + kk] += g * x.v[(b * nt + src) * cin + i];
                        }
                    }
                }
            }
        }
        assertClose(dx, java.util.Arrays.copyOfRange(x.g(), x.go(), x.go() + x.size()), 1e-4);
        assertClose(dw, java.util.Arrays.copyOfRange(store.grads(), w.offset(), w.offset() + w.size()), 1e-4);
        assertClose(db, java.util.Arrays.copyOfRange(store.grads(), bias.offset(), bias.offset() + cout), 1e-4);
    }

    @Test
    void sequencesShorterThanTheDilatedKernelSeeOnlyTheirPast() {
        SplittableRandom rnd = new SplittableRandom(8);
        ParamStore store = new ParamStore();
        CausalConv1d conv = new CausalConv1d(store, "c", 2, 3, 3, 4, true);
        store.allocate();
        conv.init(rnd);
        Var x = TcnGradTest.input(rnd, 2, 5, 2);
        Var y = conv.forward(Tape.inference(), x);
        assertEquals(8, conv.history());
        // only the last tap reaches inside a 5-step sequence with history 8 at t < 4
        float[] pv = store.values();
        int rowLen = 2 * 3;
        float[] w = new float[3 * rowLen];
        double[] norms = new double[3];
        WeightNorm.forward(w, norms, pv, store.get("c.weight_g").offset(), pv, store.get("c.weight_v").offset(), 3, rowLen);
        float[] expected = naiveForward(x.v, w, 0, pv, store.get("c.bias").offset(), 2, 5, 2, 3, 3, 4);
        assertClose(expected, y.v, 1e-6);
    }

    @Test
    void namesAndShapesFollowPyTorch() {
        ParamStore store = new ParamStore();
        new CausalConv1d(store, "a", 3, 5, 2, 1, false);
        new CausalConv1d(store, "b", 3, 5, 2, 1, true);
        new TemporalBlock(store, "tcn.network.0", 3, 5, 2, 1, 0.1f, true);
        String[] names = store.params().stream().map(ParamStore.Param::name).toArray(String[]::new);
        assertArrayEquals(new String[] {"a.weight", "a.bias", "b.bias", "b.weight_g", "b.weight_v",
            "tcn.network.0.conv1.bias", "tcn.network.0.conv1.weight_g", "tcn.network.0.conv1.weight_v",
            "tcn.network.0.conv2.bias", "tcn.network.0.conv2.weight_g", "tcn.network.0.conv2.weight_v",
            "tcn.network.0.downsample.weight", "tcn.network.0.downsample.bias"}, names);
        assertArrayEquals(new int[] {5, 1, 1}, store.get("b.weight_g").shape());
        assertArrayEquals(new int[] {5, 3, 2}, store.get("b.weight_v").shape());
        assertArrayEquals(new int[] {5, 3, 1}, store.get("tcn.network.0.downsample.weight").shape());
        assertArrayEquals(new int[] {5, 5, 2}, store.get("tcn.network.0.conv2.weight_v").shape());
    }

    @Test
    void dropoutActsOnlyWhileRecordingAndFollowsTheSeed() {
        ParamStore store = new ParamStore();
        Tcn tcn = new Tcn(store, "tcn", 3, new int[] {6, 6}, 2, 0.5f, true);
        store.allocate();
        tcn.init(new SplittableRandom(1));
        Var x = TcnGradTest.input(new SplittableRandom(2), 2, 7, 3);
        float[] eval1 = tcn.forward(Tape.inference(), x, new SplittableRandom(3)).v;
        float[] eval2 = tcn.forward(Tape.inference(), x, new SplittableRandom(4)).v;
        assertArrayEquals(eval1, eval2);
        float[] train1 = tcn.forward(Tape.training(), x, new SplittableRandom(3)).v;
        float[] train2 = tcn.forward(Tape.training(), x, new SplittableRandom(3)).v;
        float[] train3 = tcn.forward(Tape.training(), x, new SplittableRandom(4)).v;
        assertArrayEquals(train1, train2);
        assertNotEquals(java.util.Arrays.toString(train1), java.util.Arrays.toString(train3));
        assertNotEquals(java.util.Arrays.toString(train1), java.util.Arrays.toString(eval1));
    }

    @Test
    void rejectsBadShapesAndHyperparameters() {
        ParamStore store = new ParamStore();
        assertThrows(IllegalArgumentException.class, () -> new CausalConv1d(store, "a", 3, 5, 0, 1, false));
        assertThrows(IllegalArgumentException.class, () -> new CausalConv1d(store, "b", 3, 5, 2, 0, false));
        assertThrows(IllegalArgumentException.class, () -> new TemporalBlock(store, "c", 3, 5, 2, 1, 1f, false));
        CausalConv1d conv = new CausalConv1d(store, "d", 3, 5, 2, 1, false);
        store.allocate();
        assertThrows(IllegalArgumentException.class, () -> conv.forward(Tape.inference(), Var.zeros(2, 4, 4)));
        assertEquals(29, Tcn.receptiveField(3, 3));
        assertEquals(1 + 2 * 7 * 255, Tcn.receptiveField(8, 8));
    }

    @Test
    void reluGradientPassesExactlyWherePositive() {
        float[] y = {0f, -0f, 1e-45f, 2f, -3f, Float.MIN_NORMAL};
        float[] dy = {1f, 2f, 3f, 4f, 5f, 6f};
        float[] dx = new float[6];
        TemporalBlock.reluBackward(dx, 0, dy, 0, y, 0, 6);
        assertArrayEquals(new float[] {0f, 0f, 3f, 4f, 0f, 6f}, dx);
        float[] da = new float[6];
        float[] db = {1f, 1f, 1f, 1f, 1f, 1f};
        TemporalBlock.reluBackward2(da, 0, db, 0, dy, 0, y, 6);
        assertArrayEquals(new float[] {0f, 0f, 3f, 4f, 0f, 6f}, da);
        assertArrayEquals(new float[] {1f, 1f, 4f, 5f, 1f, 7f}, db);
    }

    private static void assertClose(float[] expected, float[] actual, double tol) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            double e = expected[i];
            if (Math.abs(actual[i] - e) > tol * Math.max(1, Math.abs(e))) {
                assertEquals(e, actual[i], tol * Math.max(1, Math.abs(e)), "entry " + i);
            }
        }
    }
}
