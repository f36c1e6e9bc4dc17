package recur.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PaddedBatchesTest {
    private static int[][] data(int n) {
        SplittableRandom r = new SplittableRandom(5);
        int[][] s = new int[n][];
        for (int i = 0; i < n; i++) {
            s[i] = new int[r.nextInt(0, 30)];
            for (int t = 0; t < s[i].length; t++) {
                s[i][t] = 1 + r.nextInt(100);
            }
        }
        return s;
    }

    @Test
    void everyExampleOnceAnEpochPaddedAndMasked() {
        int[][] s = data(1234);
        PaddedBatches pb = new PaddedBatches(s, 16, 0);
        List<PaddedBatches.Batch> epoch = pb.epoch(new SplittableRandom(1));
        boolean[] seen = new boolean[s.length];
        for (PaddedBatches.Batch b : epoch) {
            assertTrue(b.size() <= 16);
            for (int j = 0; j < b.size(); j++) {
                int e = b.examples()[j];
                assertTrue(!seen[e], "example " + e + " twice");
                seen[e] = true;
                assertEquals(s[e].length, b.lengths()[j]);
                for (int t = 0; t < b.time(); t++) {
                    int k = t * b.size() + j;
                    if (t < s[e].length) {
                        assertEquals(s[e][t], b.ids()[k]);
                        assertEquals(1f, b.mask()[k]);
                    } else {
                        assertEquals(0, b.ids()[k]);
                        assertEquals(0f, b.mask()[k]);
                    }
                }
            }
        }
        for (boolean x : seen) {
            assertTrue(x);
        }
    }

    @Test
    void bucketingKeepsPaddingSmallAndTheSeedDecides() {
        int[][] s = data(2000);
        PaddedBatches pb = new PaddedBatches(s, 20, 0);
        long real = 0;
        long padded = 0;
        for (PaddedBatches.Batch b : pb.epoch(new SplittableRandom(3))) {
            padded += (long) b.time() * b.size();
            for (int l : b.lengths()) {
                real += l;
            }
        }
        assertTrue(padded < real * 1.1, "padding " + (padded - real) + " of " + real);
        List<PaddedBatches.Batch> a = pb.epoch(new SplittableRandom(9));
        List<PaddedBatches.Batch> b = pb.epoch(new SplittableRandom(9));
        List<PaddedBatches.Batch> c = pb.epoch(new SplittableRandom(10));
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i).examples(), b.get(i).examples());
        }
        assertNotEquals(java.util.Arrays.toString(a.get(0).examples()), java.util.Arrays.toString(c.get(0).examples()));
    }

    @Test
    void inOrderKeepsTheInputOrder() {
        int[][] s = data(45);
        List<PaddedBatches.Batch> bs = new PaddedBatches(s, 8, -1).inOrder();
        assertEquals(6, bs.size());
        int next = 0;
        for (PaddedBatches.Batch b : bs) {
            for (int e : b.examples()) {
                assertEquals(next++, e);
            }
        }
        assertEquals(5, bs.get(5).size());
    }
}
