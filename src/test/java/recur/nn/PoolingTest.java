package recur.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import recur.tensor.GradCheck;
import recur.tensor.Tape;
import recur.tensor.Var;

class PoolingTest {
    // (T=3, B=2, F=2); sequence 0 has length 2, sequence 1 length 3
    static final float[] X = {
        1, -1, 10, 0,
        3, -5, 20, 7,
        100, 100, 30, -2};
    static final int[] LENGTHS = {2, 3};

    @Test
    void values() {
        Var x = Var.constant(X, 3, 2, 2);
        assertArrayEquals(new float[] {2, -3, 20, 5f / 3}, Pooling.apply(Tape.inference(), x, LENGTHS, Pooling.Mode.MEAN).v, 1e-6f);
        assertArrayEquals(new float[] {3, -1, 30, 7}, Pooling.apply(Tape.inference(), x, LENGTHS, Pooling.Mode.MAX).v, 0f);
        assertArrayEquals(new float[] {3, -5, 30, -2}, Pooling.apply(Tape.inference(), x, LENGTHS, Pooling.Mode.LAST).v, 0f);
        assertArrayEquals(new float[] {0, 0, 20, 5f / 3},
                Pooling.apply(Tape.inference(), x, new int[] {0, 3}, Pooling.Mode.MEAN).v, 1e-6f);
        assertThrows(IllegalArgumentException.class, () -> Pooling.apply(Tape.inference(), x, new int[] {4, 1}, Pooling.Mode.MAX));
    }

    /** Distinct values at least 0.1 apart, so the finite differences never change the max's winner. */
    static Var spread(SplittableRandom rnd, int t, int b, int f) {
        int n = t * b * f;
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (i - n / 2) * 0.1f;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            float tmp = v[i];
            v[i] = v[j];
            v[j] = tmp;
        }
        return Var.of(v, t, b, f);
    }

    @Test
    void gradients() {
        SplittableRandom rnd = new SplittableRandom(14);
        int[] lengths = {4, 1, 0, 3};
        for (Pooling.Mode mode : Pooling.Mode.values()) {
            Var x = spread(rnd, 4, 4, 3);
            GradCheck.standard().check(null, List.of(x), tape -> Pooling.apply(tape, x, lengths, mode), mode.ordinal());
        }
    }
}
