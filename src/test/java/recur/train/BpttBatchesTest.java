package recur.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BpttBatchesTest {
    @Test
    void columnsAndWindowsFollowWordLanguageModel() {
        int[] stream = new int[23];
        for (int i = 0; i < stream.length; i++) {
            stream[i] = i;
        }
        // 2 columns of 11 (token 22 dropped): 0..10 and 11..21; bptt 4 → windows of 4, 4, 2 steps
        BpttBatches b = new BpttBatches(stream, 2, 4);
        assertEquals(3, b.windows());
        assertEquals(20, b.predictedTokens());
        int[] x = new int[8];
        int[] y = new int[8];
        assertEquals(4, b.fill(0, x, y));
        assertArrayEquals(new int[] {0, 11, 1, 12, 2, 13, 3, 14}, x);
        assertArrayEquals(new int[] {1, 12, 2, 13, 3, 14, 4, 15}, y);
        assertEquals(2, b.fill(2, x, y));
        assertArrayEquals(new int[] {8, 19, 9, 20}, java.util.Arrays.copyOf(x, 4));
        assertArrayEquals(new int[] {9, 20, 10, 21}, java.util.Arrays.copyOf(y, 4));
    }

    @Test
    void everyPredictedPositionIsVisitedOnce() {
        int[] stream = new int[1000];
        for (int i = 0; i < stream.length; i++) {
            stream[i] = i;
        }
        BpttBatches b = new BpttBatches(stream, 7, 13);
        boolean[] seen = new boolean[stream.length];
        int[] x = new int[7 * 13];
        int[] y = new int[7 * 13];
        long total = 0;
        for (int w = 0; w < b.windows(); w++) {
            int t = b.fill(w, x, y);
            for (int i = 0; i < t * 7; i++) {
                assertEquals(x[i] + 1, y[i]);
                assertTrue(!seen[y[i]]);
                seen[y[i]] = true;
                total++;
            }
        }
        assertEquals(b.predictedTokens(), total);
    }

    @Test
    void tooShortStreamHasNoWindows() {
        assertTrue(new BpttBatches(new int[] {1, 2, 3}, 2, 5).isEmpty());
        assertEquals(0, new BpttBatches(new int[] {1, 2, 3}, 2, 5).windows());
    }
}
