package recur.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SamplingTest {
    private static final float[] LOGITS = {1f, 3f, 2f, 0f, 2.5f};

    @Test
    void temperatureZeroIsArgmax() {
        assertEquals(1, new Sampling(0, 0, 1).sample(LOGITS, 0, 5, null, new SplittableRandom(1)));
    }

    @Test
    void topKOneIsArgmaxAndBannedTokensAreNeverDrawn() {
        Sampling s = new Sampling(1.0, 1, 1.0);
        for (int i = 0; i < 50; i++) {
            assertEquals(1, s.sample(LOGITS, 0, 5, null, new SplittableRandom(i)));
        }
        boolean[] banned = {false, true, false, false, false};
        for (int i = 0; i < 50; i++) {
            assertEquals(4, s.sample(LOGITS, 0, 5, banned, new SplittableRandom(i)));
        }
    }

    @Test
    void topKLimitsTheDrawToTheKMostLikely() {
        Sampling s = new Sampling(1.0, 3, 1.0);
        for (int i = 0; i < 500; i++) {
            int id = s.sample(LOGITS, 0, 5, null, new SplittableRandom(i));
            assertTrue(id == 1 || id == 4 || id == 2, "drew " + id);
        }
    }

    @Test
    void topPKeepsTheSmallestNucleus() {
        // p(1) = e^3 / Σ ≈ 0.43, p(4) ≈ 0.26: top-p 0.5 keeps exactly {1, 4}
        Sampling s = new Sampling(1.0, 0, 0.5);
        int[] counts = new int[5];
        for (int i = 0; i < 2000; i++) {
            counts[s.sample(LOGITS, 0, 5, null, new SplittableRandom(i))]++;
        }
        assertEquals(0, counts[0] + counts[2] + counts[3]);
        assertTrue(counts[1] > counts[4] && counts[4] > 0);
    }

    @Test
    void frequenciesFollowTheSoftmax() {
        Sampling s = new Sampling(1.0, 0, 1.0);
        double[] logp = Sampling.logSoftmax(LOGITS, 0, 5);
        int n = 20000;
        int[] counts = new int[5];
        SplittableRandom rnd = new SplittableRandom(7);
        for (int i = 0; i < n; i++) {
            counts[s.sample(LOGITS, 0, 5, null, rnd)]++;
        }
        for (int i = 0; i < 5; i++) {
            double p = Math.exp(logp[i]);
            assertEquals(p, counts[i] / (double) n, 4 * Math.sqrt(p * (1 - p) / n) + 1e-3, "token " + i);
        }
    }

    @Test
    void badSettingsAreRejectedWithTheValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Sampling(1, 0, 1.5));
        assertTrue(e.getMessage().contains("1.5"));
        assertThrows(IllegalArgumentException.class, () -> new Sampling(-1, 0, 1));
    }

    @Test
    void seedsDependOnEveryIndex() {
        assertEquals(Seeds.mix(1, 2, 3), Seeds.mix(1, 2, 3));
        assertNotEquals(Seeds.mix(1, 2, 3), Seeds.mix(1, 3, 2));
        assertNotEquals(Seeds.mix(1, 2), Seeds.mix(2, 2));
    }

    @Test
    void theDrawsNormaliserIsTheBitsOfTheLogProbabilitysAndNaNWhenItHasNone() {
        float[] logits = new float[1000];
        SplittableRandom init = new SplittableRandom(7);
        for (int i = 0; i < logits.length; i++) {
            logits[i] = (float) (init.nextGaussian() * 3);
        }
        double[] lse = new double[1];
        Sampling plain = new Sampling(1, 0, 1);
        for (int seed = 0; seed < 20; seed++) {
            int id = plain.sample(logits, 0, logits.length, null, new SplittableRandom(seed), lse);
            assertEquals(id, plain.sample(logits, 0, logits.length, null, new SplittableRandom(seed)));
            assertEquals(recur.nn.SoftmaxCrossEntropy.logProb(logits, 0, logits.length, id), logits[id] - lse[0]);
        }
        for (Sampling other : new Sampling[] {new Sampling(0.7, 0, 1), new Sampling(1, 5, 1), new Sampling(1, 0, 0.9), new Sampling(0, 0, 1)}) {
            lse[0] = 0;
            other.sample(logits, 0, logits.length, null, new SplittableRandom(1), lse);
            assertTrue(Double.isNaN(lse[0]));
        }
    }
}
