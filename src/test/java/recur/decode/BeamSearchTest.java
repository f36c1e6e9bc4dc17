package recur.decode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BeamSearchTest {
    /**
     * V = 5 (EOS 0, BOS 1, a 2, b 3, c 4). First token: a 0.5, b 0.4, EOS 0.1. After a: EOS, a, b, c
     * at 0.25 each; after b: EOS 0.9. Greedy takes a and ends at 0.5 × 0.25; beam 2 finds b EOS, 0.36.
     */
    static final class Trap extends FnModel {
        Trap() {
            super(5);
        }

        @Override
        protected double[] probs(int[] src, int[] prefix) {
            if (prefix.length == 0) {
                return new double[] {0.1, 0, 0.5, 0.4, 0};
            }
            if (prefix[prefix.length - 1] == 3) {
                return new double[] {0.9, 0, 0.05, 0.025, 0.025};
            }
            return new double[] {0.25, 0, 0.25, 0.25, 0.25};
        }
    }

    private static final int[][] SOURCES = {{2, 3, 4}, {5}, {6, 7, 8, 9}, {3, 3}, {9, 8, 7, 6, 5, 4}};

    private static int[] limits(int n, int each) {
        int[] l = new int[n];
        Arrays.fill(l, each);
        return l;
    }

    private static Hypothesis[][] beam(FnModel model, int k, int nBest, LengthPenalty lp, int minLength, int[][] src, int[] max) {
        return new BeamSearch(model, k, nBest, lp, minLength, true).search(src, max, new long[src.length]);
    }

    @Test
    void beamOfOneIsGreedyToTheBit() {
        for (long seed = 0; seed < 40; seed++) {
            int[] max = {1, 3, 7, 12, 20};
            GreedyTranslation.Result[] g = GreedyTranslation.decode(FnModel.random(7, seed, 2), SOURCES, max);
            Hypothesis[][] b = beam(FnModel.random(7, seed, 2), 1, 1, LengthPenalty.NONE, 0, SOURCES, max);
            for (int s = 0; s < SOURCES.length; s++) {
                assertArrayEquals(g[s].ids(), b[s][0].ids(), "seed " + seed + " source " + s);
                assertEquals(g[s].logProb(), b[s][0].logProb(), 0.0, "seed " + seed + " source " + s);
            }
        }
    }

    @Test
    void aWiderBeamFindsWhatGreedyMisses() {
        int[][] src = {{2}};
        GreedyTranslation.Result g = GreedyTranslation.decode(new Trap(), src, new int[] {5})[0];
        assertArrayEquals(new int[] {2}, g.ids());
        assertEquals(Math.log(0.5 * 0.25), g.logProb(), 1e-6);
        Hypothesis h = beam(new Trap(), 2, 1, LengthPenalty.NONE, 0, src, new int[] {5})[0][0];
        assertArrayEquals(new int[] {3}, h.ids());
        assertEquals(Math.log(0.4 * 0.9), h.logProb(), 1e-6);
        assertEquals(2, h.length());
        assertEquals(h.logProb() / 2, h.meanLogProb(), 1e-12);
    }

    /** Every complete hypothesis of a model up to a length, by brute force: its ids and log-probability. */
    private record Complete(int[] ids, double logProb, int length) {}

    private static void enumerate(FnModel model, int[] src, int[] prefix, double logProb, int max, List<Complete> out) {
        double[] q = model.probs(src, prefix);
        for (int w = 0; w < model.v; w++) {
            double lp = logProb + (float) Math.log(q[w]);
            if (lp == Double.NEGATIVE_INFINITY) {
                continue;
            }
            if (w == 0) {
                out.add(new Complete(prefix, lp, prefix.length + 1));
                continue;
            }
            int[] p = Arrays.copyOf(prefix, prefix.length + 1);
            p[prefix.length] = w;
            if (p.length == max) {
                out.add(new Complete(p, lp, p.length));
            } else {
                enumerate(model, src, p, lp, max, out);
            }
        }
    }

    @Test
    void aBeamWiderThanTheTreeIsExactAndItsNBestAreTheTrueBest() {
        for (long seed = 0; seed < 20; seed++) {
            FnModel model = FnModel.random(4, seed, 1.5);
            for (int[] src : SOURCES) {
                List<Complete> all = new ArrayList<>();
                enumerate(model, src, new int[0], 0, 4, all);
                all.sort(Comparator.comparingDouble(c -> -c.logProb()));
                Hypothesis[] h = beam(model, 64, 10, LengthPenalty.NONE, 0, new int[][] {src}, new int[] {4})[0];
                assertEquals(10, h.length);
                for (int i = 0; i < 10; i++) {
                    assertEquals(all.get(i).logProb(), h[i].logProb(), 1e-9, "seed " + seed + " rank " + i);
                    assertEquals(all.get(i).length(), h[i].length());
                }
                assertArrayEquals(all.get(0).ids(), h[0].ids());
            }
        }
    }

    @Test
    void nBestListsAreSortedAndDistinctUnderEveryPenalty() {
        for (LengthPenalty lp : List.of(LengthPenalty.NONE, LengthPenalty.of("avg", 0), LengthPenalty.of("wu", 0.6),
                LengthPenalty.of("wu", 1.5))) {
            for (long seed = 0; seed < 15; seed++) {
                Hypothesis[][] out = beam(FnModel.random(9, seed, 2), 5, 5, lp, 0, SOURCES, limits(SOURCES.length, 12));
                for (Hypothesis[] h : out) {
                    assertFalse(h.length == 0);
                    Set<String> seen = new HashSet<>();
                    for (int i = 0; i < h.length; i++) {
                        assertTrue(seen.add(Arrays.toString(h[i].ids()) + h[i].length()), lp + " duplicate " + Arrays.toString(h[i].ids()));
                        assertEquals(lp.score(h[i].logProb(), h[i].length()), h[i].score(), 0.0);
                        if (i > 0) {
                            assertTrue(h[i - 1].score() >= h[i].score(), lp + " not sorted at " + i);
                        }
                    }
                }
            }
        }
    }

    @Test
    void theBatchDoesNotChangeAnything() {
        LengthPenalty wu = LengthPenalty.of("wu", 0.6);
        for (long seed = 0; seed < 10; seed++) {
            int[] max = {4, 9, 15, 6, 11};
            Hypothesis[][] together = beam(FnModel.random(11, seed, 2), 4, 3, wu, 1, SOURCES, max);
            for (int s = 0; s < SOURCES.length; s++) {
                Hypothesis[] alone = beam(FnModel.random(11, seed, 2), 4, 3, wu, 1, new int[][] {SOURCES[s]}, new int[] {max[s]})[0];
                assertEquals(alone.length, together[s].length);
                for (int i = 0; i < alone.length; i++) {
                    assertArrayEquals(alone[i].ids(), together[s][i].ids());
                    assertArrayEquals(alone[i].alignment(), together[s][i].alignment());
                    assertEquals(alone[i].logProb(), together[s][i].logProb(), 0.0);
                }
            }
        }
    }

    /**
     * K candidates that each look better than greedy's prefix can push it out of a plain beam and
     * then all end worse. This model does that to a beam of 2: greedy's 2 5 (0.4 × 0.3) beats
     * everything that starts with 3 or 4. The beam keeps following greedy's hypothesis beside its
     * K rows, so it still finds 2 5.
     */
    @Test
    void greedysHypothesisIsFollowedWhenItFallsOutOfTheBeam() {
        FnModel m = new FnModel(6) {
            @Override
            protected double[] probs(int[] src, int[] p) {
                if (p.length == 0) {
                    return new double[] {0, 0, 0.4, 0.35, 0.25, 0};
                }
                if (p.length == 1) {
                    // after 2 (greedy's), the best next has 0.3; after 3 and 4 there are two of 0.45
                    return p[0] == 2 ? new double[] {0.2, 0, 0.2, 0.2, 0.1, 0.3}
                            : new double[] {0.05, 0, 0.45, 0.45, 0.05, 0};
                }
                // greedy's path (2 5) ends for sure; the others' continuations are poor
                return p[0] == 2 ? new double[] {1, 0, 0, 0, 0, 0} : new double[] {0.01, 0, 0.33, 0.33, 0.33, 0};
            }
        };
        int[][] src = {{2}};
        GreedyTranslation.Result g = GreedyTranslation.decode(m, src, new int[] {3})[0];
        assertArrayEquals(new int[] {2, 5}, g.ids());
        Hypothesis[] b = beam(m, 2, 2, LengthPenalty.NONE, 0, src, new int[] {3})[0];
        assertArrayEquals(new int[] {2, 5}, b[0].ids());
        assertEquals(g.logProb(), b[0].logProb(), 0.0);
        // the beam's own best, 3 2 2 (cut at the length limit), comes second
        assertArrayEquals(new int[] {3, 2, 2}, b[1].ids());
        assertEquals(Math.log(0.35 * 0.45 * 0.33), b[1].logProb(), 1e-6);
    }

    @Test
    void theBeamIsNeverWorseThanGreedy() {
        for (long seed = 0; seed < 60; seed++) {
            int[] max = limits(SOURCES.length, 10);
            GreedyTranslation.Result[] g = GreedyTranslation.decode(FnModel.random(8, seed, 3), SOURCES, max);
            for (int k : new int[] {2, 3, 5, 8}) {
                Hypothesis[][] b = beam(FnModel.random(8, seed, 3), k, 1, LengthPenalty.NONE, 0, SOURCES, max);
                for (int s = 0; s < SOURCES.length; s++) {
                    assertTrue(b[s][0].logProb() >= g[s].logProb(), "seed " + seed + " beam " + k + " source " + s);
                }
            }
        }
    }

    @Test
    void minAndMaxLengthBoundTheOutput() {
        int[][] src = {{2, 3}};
        Hypothesis h = new BeamSearch(GreedyTranslationTest.copyModel(10), 3, 1, LengthPenalty.NONE, 4, false)
                .search(src, new int[] {9}, new long[1])[0][0];
        assertTrue(h.ids().length >= 4, Arrays.toString(h.ids()));
        assertArrayEquals(new int[] {2, 3}, Arrays.copyOf(h.ids(), 2));
        assertEquals(null, h.alignment());
        Hypothesis cut = new BeamSearch(GreedyTranslationTest.copyModel(10), 3, 1, LengthPenalty.NONE, 0, false)
                .search(new int[][] {{2, 3, 4, 5}}, new int[] {2}, new long[1])[0][0];
        assertArrayEquals(new int[] {2, 3}, cut.ids());
        assertEquals(2, cut.length());
        assertEquals(2 * Math.log(0.9), cut.logProb(), 1e-5);
    }

    @Test
    void alignmentIsTheAttentionOfEachChosenToken() {
        Hypothesis h = beam(FnModel.random(6, 3, 0.1), 3, 1, LengthPenalty.NONE, 5, new int[][] {{4, 4, 4}}, new int[] {7})[0][0];
        for (int j = 0; j < h.ids().length; j++) {
            assertEquals(j % 3, h.alignment()[j]);
        }
    }

    @Test
    void allSourcesAndBeamsShareEachStep() {
        FnModel m = FnModel.random(9, 5, 2);
        beam(m, 4, 1, LengthPenalty.NONE, 0, SOURCES, limits(SOURCES.length, 8));
        assertTrue(m.steps <= 8, "steps " + m.steps);
        assertTrue(m.widest <= 4 * SOURCES.length && m.widest > SOURCES.length, "widest " + m.widest);
    }

    @Test
    void lengthPenaltiesAreGnmtsAndTheMean() {
        assertEquals(Math.pow(8 / 6.0, 0.6), LengthPenalty.of("wu", 0.6).divisor(3), 1e-12);
        assertEquals(3, LengthPenalty.of("avg", 0).divisor(3), 0);
        assertEquals(-2, LengthPenalty.of("none", 0.6).score(-2, 7), 0);
        assertThrows(IllegalArgumentException.class, () -> LengthPenalty.of("gnmt", 0.6));
        assertThrows(IllegalArgumentException.class, () -> LengthPenalty.of("wu", -1));
        assertThrows(IllegalArgumentException.class, () -> new BeamSearch(FnModel.random(4, 0, 1), 2, 3, LengthPenalty.NONE, 0, false));
    }

    @Test
    void samplesDependOnTheirKeyNotTheirBatch() {
        Sampling sampling = new Sampling(1.0, 0, 0.9);
        long[] keys = {11, 12, 13, 14, 15};
        Hypothesis[][] together = new SampledTranslation(FnModel.random(9, 1, 1), sampling, 3, 0, true, 7)
                .search(SOURCES, limits(5, 10), keys);
        for (int s = 0; s < SOURCES.length; s++) {
            Hypothesis[] alone = new SampledTranslation(FnModel.random(9, 1, 1), sampling, 3, 0, true, 7)
                    .search(new int[][] {SOURCES[s]}, new int[] {10}, new long[] {keys[s]})[0];
            for (int i = 0; i < 3; i++) {
                assertArrayEquals(alone[i].ids(), together[s][i].ids());
                assertEquals(alone[i].logProb(), together[s][i].logProb(), 0.0);
            }
        }
        Hypothesis[][] other = new SampledTranslation(FnModel.random(9, 1, 1), sampling, 3, 0, true, 8)
                .search(SOURCES, limits(5, 10), keys);
        boolean differs = false;
        for (int s = 0; s < SOURCES.length; s++) {
            differs |= !Arrays.equals(other[s][0].ids(), together[s][0].ids());
        }
        assertTrue(differs, "another seed draws the same");
    }

    @Test
    void sampledLogProbsAreTheModelsAndMinLengthHolds() {
        FnModel m = FnModel.random(6, 2, 1);
        Hypothesis[][] out = new SampledTranslation(m, new Sampling(0.7, 3, 1), 4, 3, false, 1)
                .search(SOURCES, limits(5, 8), new long[] {1, 2, 3, 4, 5});
        for (int s = 0; s < SOURCES.length; s++) {
            for (Hypothesis h : out[s]) {
                assertTrue(h.ids().length >= 3);
                double lp = 0;
                for (int j = 0; j <= h.ids().length && j < h.length(); j++) {
                    int w = j < h.ids().length ? h.ids()[j] : 0;
                    lp += (float) Math.log(m.probs(SOURCES[s], Arrays.copyOf(h.ids(), j))[w]);
                }
                assertEquals(lp, h.logProb(), 1e-9);
            }
        }
        // temperature 0 is greedy
        Hypothesis[][] t0 = new SampledTranslation(FnModel.random(6, 2, 1), new Sampling(0, 0, 1), 1, 0, false, 1)
                .search(SOURCES, limits(5, 8), new long[5]);
        GreedyTranslation.Result[] g = GreedyTranslation.decode(FnModel.random(6, 2, 1), SOURCES, limits(5, 8));
        for (int s = 0; s < SOURCES.length; s++) {
            assertArrayEquals(g[s].ids(), t0[s][0].ids());
        }
    }
}
