package recur.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class InitTest {
    static double mean(float[] w) {
        double s = 0;
        for (float x : w) {
            s += x;
        }
        return s / w.length;
    }

    static double variance(float[] w) {
        double m = mean(w);
        double s = 0;
        for (float x : w) {
            s += (x - m) * (x - m);
        }
        return s / w.length;
    }

    /** Checks the Gram matrix of the fewer of rows / columns is gain²·I. */
    static void checkOrthogonal(float[] w, int rows, int cols, double gain) {
        boolean byColumns = rows >= cols;
        int k = byColumns ? cols : rows;
        int m = byColumns ? rows : cols;
        for (int a = 0; a < k; a++) {
            for (int b = 0; b < k; b++) {
                double s = 0;
                for (int i = 0; i < m; i++) {
                    float x = byColumns ? w[i * cols + a] : w[a * cols + i];
                    float y = byColumns ? w[i * cols + b] : w[b * cols + i];
                    s += (double) x * y;
                }
                assertEquals(a == b ? gain * gain : 0, s, 1e-5 * Math.max(1, gain * gain), "entry " + a + "," + b);
            }
        }
    }

    @Test
    void orthogonalTallWideAndSquare() {
        int[][] shapes = {{8, 5}, {5, 8}, {6, 6}, {1, 4}, {4, 1}};
        for (int[] s : shapes) {
            float[] w = new float[s[0] * s[1] + 3];
            Init.orthogonal(w, 3, s, 1.0, new SplittableRandom(s[0] * 31 + s[1]));
            checkOrthogonal(java.util.Arrays.copyOfRange(w, 3, w.length), s[0], s[1], 1.0);
        }
        float[] w = new float[12];
        Init.orthogonal(w, 0, new int[] {4, 3}, 2.0, new SplittableRandom(1));
        checkOrthogonal(w, 4, 3, 2.0);
    }

    @Test
    void sameSeedSameValues() {
        float[] a = new float[20];
        float[] b = new float[20];
        Init.orthogonal(a, 0, new int[] {5, 4}, 1, new SplittableRandom(9));
        Init.orthogonal(b, 0, new int[] {5, 4}, 1, new SplittableRandom(9));
        assertArrayEquals(a, b, 0f);
    }

    @Test
    void uniformAndNormalStatistics() {
        float[] w = new float[200_000];
        Init.uniform(w, 0, w.length, -0.5, 1.5, new SplittableRandom(2));
        assertEquals(0.5, mean(w), 0.01);
        assertEquals(4.0 / 12, variance(w), 0.01);
        for (float x : w) {
            assertTrue(x >= -0.5f && x <= 1.5f);
        }
        Init.normal(w, 0, w.length, 1, 2, new SplittableRandom(3));
        assertEquals(1, mean(w), 0.02);
        assertEquals(4, variance(w), 0.05);
    }

    @Test
    void fanBasedScales() {
        int[] shape = {300, 200};
        float[] w = new float[60_000];
        Init.glorotUniform(w, 0, shape, 1, new SplittableRandom(4));
        assertEquals(2.0 / 500, variance(w), 2.0 / 500 * 0.05);
        Init.heNormal(w, 0, shape, Math.sqrt(2), new SplittableRandom(5));
        assertEquals(2.0 / 200, variance(w), 2.0 / 200 * 0.05);
        Init.heUniform(w, 0, shape, Math.sqrt(2), new SplittableRandom(6));
        assertEquals(2.0 / 200, variance(w), 2.0 / 200 * 0.05);
        assertEquals(12, Init.fanIn(new int[] {5, 4, 3}));
        assertEquals(15, Init.fanOut(new int[] {5, 4, 3}));
        assertThrows(IllegalArgumentException.class, () -> Init.fanIn(new int[] {5}));
    }

    @Test
    void paramOverloadsFillOnlyTheirRegion() {
        ParamStore ps = new ParamStore();
        ps.add("a", 3);
        ParamStore.Param b = ps.add("b", 2, 2);
        ps.add("c", 3);
        ps.allocate();
        Init.orthogonal(ps, b, 1, new SplittableRandom(1));
        float[] v = ps.values();
        assertEquals(0f, v[0]);
        assertEquals(0f, v[7]);
        checkOrthogonal(java.util.Arrays.copyOfRange(v, 3, 7), 2, 2, 1);
    }
}
