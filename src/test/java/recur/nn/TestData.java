package recur.nn;

import java.util.SplittableRandom;
import recur.tensor.ParamStore;
import recur.tensor.Var;

/** Small random tensors for layer tests. */
final class TestData {
    private TestData() {}

    static float[] uniform(SplittableRandom rnd, int n, double scale) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) rnd.nextDouble(-scale, scale);
        }
        return a;
    }

    static Var input(SplittableRandom rnd, double scale, int... shape) {
        return Var.of(uniform(rnd, Var.sizeOf(shape), scale), shape);
    }

    static void fill(ParamStore ps, SplittableRandom rnd, double scale) {
        float[] w = ps.values();
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) rnd.nextDouble(-scale, scale);
        }
    }
}
