package recur.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** A product's bits do not depend on which products ran before it (workspaces are reused). */
class GemmHistoryTest {
    private static float[] rand(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) r.nextDouble(-1, 1);
        }
        return a;
    }

    @Test
    void resultsDoNotDependOnEarlierCalls() {
        int[][] shapes = {{8, 96, 24}, {16, 62, 50}, {3, 5, 7}, {128, 256, 64}, {50, 62, 24}, {8, 24, 96}};
        for (boolean ta : new boolean[] {false, true}) {
            for (boolean tb : new boolean[] {false, true}) {
                for (int[] s : shapes) {
                    int m = s[0], n = s[1], k = s[2];
                    float[] a = rand(m * k, 1), b = rand(k * n, 2);
                    float[] c1 = new float[m * n];
                    Gemm.gemm(ta, tb, m, n, k, a, 0, ta ? m : k, b, 0, tb ? k : n, false, c1, 0, n);
                    // something bigger in between
                    float[] big = new float[300 * 300];
                    Gemm.gemm(false, false, 300, 300, 300, rand(90000, 3), 0, 300, rand(90000, 4), 0, 300, false, big, 0, 300);
                    float[] c2 = new float[m * n];
                    Gemm.gemm(ta, tb, m, n, k, a, 0, ta ? m : k, b, 0, tb ? k : n, false, c2, 0, n);
                    assertArrayEquals(c1, c2, ta + " " + tb + " " + java.util.Arrays.toString(s));
                }
            }
        }
    }
}
