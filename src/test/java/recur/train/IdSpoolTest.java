package recur.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import recur.model.LmArchitecture;
import recur.model.RecurrentLm;

/** A spooled id stream reads back what was written, and perplexity over it equals perplexity over the array. */
class IdSpoolTest {
    @Test
    void readsBackAcrossTheMemoryAndFileParts() {
        int[] ids = new SplittableRandom(1).ints(50_000, 0, 1000).toArray();
        try (IdSpool s = new IdSpool(777)) {
            for (int i = 0; i < ids.length; i += 333) {
                s.add(Arrays.copyOfRange(ids, i, Math.min(ids.length, i + 333)));
            }
            assertEquals(ids.length, s.length());
            int[] all = new int[ids.length];
            s.read(0, all, 0, ids.length);
            assertArrayEquals(ids, all);
            int[] part = new int[40];
            for (long pos : new long[] {0, 700, 760, 777, 20_000, ids.length - 40}) {
                s.read(pos, part, 0, 40);
                assertArrayEquals(Arrays.copyOfRange(ids, (int) pos, (int) pos + 40), part, "at " + pos);
            }
            assertThrows(IndexOutOfBoundsException.class, () -> s.read(ids.length - 5, part, 0, 6));
        }
    }

    @Test
    void perplexityOverASpoolEqualsPerplexityOverTheArray() {
        RecurrentLm m = new RecurrentLm(new LmArchitecture("lstm", 50, 8, 12, 2, 0f, false, 0, 0));
        m.init(new SplittableRandom(2), false, 0f);
        for (int n : new int[] {1, 2, 15, 1234}) {
            int[] ids = new SplittableRandom(n).ints(n, 0, 50).toArray();
            for (int[] bb : new int[][] {{10, 35}, {1, 7}, {3, 1}, {20, 20}}) {
                LmEvaluator.Result want = LmEvaluator.evaluate(m, ids, bb[0], bb[1]);
                try (IdSpool s = new IdSpool(100)) {
                    s.add(ids);
                    LmEvaluator.Result got = LmEvaluator.evaluate(m, s, bb[0], bb[1]);
                    assertEquals(want.count(), got.count(), n + " ids, " + Arrays.toString(bb));
                    assertEquals(want.nllSum(), got.nllSum(), n + " ids, " + Arrays.toString(bb));
                }
            }
        }
    }
}
