package recur.decode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class GreedyTranslationTest {
    /** Emits its source, one id per step, then EOS (id 0), giving the right id probability 0.9. */
    static FnModel copyModel(int v) {
        return new FnModel(v) {
            @Override
            protected double[] probs(int[] src, int[] prefix) {
                double[] p = new double[v];
                Arrays.fill(p, 0.1 / (v - 1));
                p[prefix.length < src.length ? src[prefix.length] : 0] = 0.9;
                return p;
            }
        };
    }

    @Test
    void copiesEachSourceAndStopsAtEosOrTheLimit() {
        int[][] sources = {{2, 3, 4}, {5}, {6, 7, 8, 9}};
        GreedyTranslation.Result[] out =
                GreedyTranslation.decode(copyModel(10), sources, new int[] {10, 10, 2});
        assertArrayEquals(new int[] {2, 3, 4}, out[0].ids());
        assertArrayEquals(new int[] {5}, out[1].ids());
        assertArrayEquals(new int[] {6, 7}, out[2].ids());
        assertEquals(4 * Math.log(0.9), out[0].logProb(), 1e-5);
        assertEquals(2 * Math.log(0.9), out[2].logProb(), 1e-5);
    }
}
