package recur.model.glove;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import recur.io.Json;
import recur.io.Record;
import recur.model.word2vec.Corpus;
import recur.model.word2vec.Embeddings;

class GloveTest {
    @TempDir
    Path tmp;

    static Corpus corpus(List<String> lines) {
        List<Record> recs = new ArrayList<>();
        long line = 0;
        for (String l : lines) {
            recs.add(new Record(Json.MAPPER.createObjectNode().put("text", l), "test", ++line));
        }
        return Corpus.read(recs.iterator(), "text", "tokens", false, 1);
    }

    /** The counter's entries as "i j" → x, in the order it gave them. */
    private Map<String, Double> count(Corpus c, int window, boolean symmetric, long memory, int[] runs) throws IOException {
        Map<String, Double> out = new java.util.LinkedHashMap<>();
        long[] last = {-1};
        CooccurrenceCounter.Stats s = new CooccurrenceCounter(window, symmetric, memory, tmp).count(c, (i, j, x) -> {
            long key = ((long) i << 32) | j;
            assertTrue(key > last[0], "entries in (i, j) order, each once");
            last[0] = key;
            out.put(c.words[i] + " " + c.words[j], x);
        });
        assertEquals(out.size(), s.entries());
        runs[0] = s.runs();
        return out;
    }

    @Test
    void countsOfATinyCorpusAreTheHandComputedOnesWithAndWithoutSpilling() throws IOException {
        // ids by count: a (2), b (3), c (1) -> b=0, a=1, c=2; the second sentence never meets the first
        Corpus c = corpus(List.of("a b c a", "b b"));
        assertArrayEquals(new String[] {"b", "a", "c"}, c.words);
        // window 2: (a,b) d1, (b,c) d1, (a,c) d2, (c,a) d1, (b,a) d2 in the first sentence; (b,b) d1 in the second
        Map<String, Double> sym = new TreeMap<>(Map.of("a b", 1.5, "b a", 1.5, "b c", 1.0, "c b", 1.0,
                "a c", 1.5, "c a", 1.5, "b b", 2.0));
        Map<String, Double> left = new TreeMap<>(Map.of("a b", 1.0, "b c", 1.0, "a c", 0.5, "c a", 1.0, "b a", 0.5, "b b", 1.0));
        int[] runs = new int[1];
        for (long memory : new long[] {1 << 20, GloveParams.MIN_MEMORY}) {
            assertEquals(sym, new TreeMap<>(count(c, 2, true, memory, runs)));
            assertEquals(memory == GloveParams.MIN_MEMORY, runs[0] > 0, "spilled runs: " + runs[0]);
            assertEquals(left, new TreeMap<>(count(c, 2, false, memory, runs)));
            assertEquals(memory == GloveParams.MIN_MEMORY, runs[0] > 0, "spilled runs: " + runs[0]);
        }
        // a window of 1 sees only neighbours
        assertEquals(new TreeMap<>(Map.of("a b", 1.0, "b c", 1.0, "c a", 1.0, "b b", 1.0)),
                new TreeMap<>(count(c, 1, false, 1 << 20, runs)));
        try (Stream<Path> left0 = Files.list(tmp)) {
            assertEquals(0, left0.count(), "temporary runs are deleted");
        }
    }

    @Test
    void spilledAndInMemoryCountsAgreeWithADirectCountOnALargerCorpus() throws IOException {
        SplittableRandom r = new SplittableRandom(5);
        List<String> lines = new ArrayList<>();
        for (int s = 0; s < 300; s++) {
            StringBuilder b = new StringBuilder();
            for (int k = 0, n = 1 + r.nextInt(15); k < n; k++) {
                b.append(" w").append(Math.min(r.nextInt(40), r.nextInt(40)));
            }
            lines.add(b.toString());
        }
        Corpus c = corpus(lines);
        for (boolean symmetric : new boolean[] {true, false}) {
            Map<String, Double> direct = new TreeMap<>();
            for (String line : lines) {
                String[] w = line.strip().split(" ");
                for (int pos = 0; pos < w.length; pos++) {
                    for (int k = Math.max(0, pos - 4); k < pos; k++) {
                        direct.merge(w[k] + " " + w[pos], 1.0 / (pos - k), Double::sum);
                        if (symmetric) {
                            direct.merge(w[pos] + " " + w[k], 1.0 / (pos - k), Double::sum);
                        }
                    }
                }
            }
            int[] runs = new int[1];
            Map<String, Double> inMemory = count(c, 4, symmetric, 1 << 22, runs);
            assertEquals(0, runs[0]);
            Map<String, Double> spilled = count(c, 4, symmetric, 1024, runs);
            assertTrue(runs[0] > 5, "spilled runs: " + runs[0]);
            assertEquals(direct.keySet(), new TreeMap<>(inMemory).keySet());
            assertEquals(direct.keySet(), new TreeMap<>(spilled).keySet());
            for (String k : direct.keySet()) {
                assertEquals(direct.get(k), inMemory.get(k), 1e-9, k);
                assertEquals(direct.get(k), spilled.get(k), 1e-9, k);
            }
        }
    }

    @Test
    void theShufflerKeepsEveryEntryAndItsOrderDependsOnlyOnTheSeed() throws IOException {
        for (long memory : new long[] {1 << 20, 40 * GloveParams.ENTRY_BYTES}) {
            List<String> first = null;
            for (int run = 0; run < 2; run++) {
                Path out = tmp.resolve("shuffled" + run);
                long n;
                try (EntryShuffler s = new EntryShuffler(memory, 9, tmp)) {
                    for (int i = 0; i < 500; i++) {
                        s.accept(i / 10, i % 10, i);
                    }
                    n = s.finish(out);
                }
                assertEquals(500, n);
                List<String> got = new ArrayList<>();
                boolean[] seen = new boolean[500];
                try (Entries.Reader r = new Entries.Reader(out, 4096)) {
                    while (r.next()) {
                        int x = (int) r.x;
                        assertFalse(seen[x]);
                        seen[x] = true;
                        assertEquals(x / 10, r.i);
                        assertEquals(x % 10, r.j);
                        got.add(r.i + " " + r.j);
                    }
                }
                assertEquals(500, got.size());
                assertFalse(isSorted(got), "shuffled");
                if (first == null) {
                    first = got;
                } else {
                    assertEquals(first, got, "same seed, same order");
                }
                Files.delete(out);
            }
            try (Stream<Path> left = Files.list(tmp)) {
                assertEquals(0, left.count(), "chunks are deleted");
            }
        }
    }

    private static boolean isSorted(List<String> entries) {
        for (int k = 1; k < entries.size(); k++) {
            String[] a = entries.get(k - 1).split(" ");
            String[] b = entries.get(k).split(" ");
            int ca = Integer.compare(Integer.parseInt(a[0]), Integer.parseInt(b[0]));
            if (ca > 0 || ca == 0 && Integer.parseInt(a[1]) > Integer.parseInt(b[1])) {
                return false;
            }
        }
        return true;
    }

    @Test
    void theWeightingFunctionRisesAsAPowerAndCapsAtOne() {
        assertEquals(Math.pow(0.5, 0.75), GloveTrainer.weight(50, 100, 0.75), 1e-15);
        assertEquals(0.1, GloveTrainer.weight(10, 100, 1.0), 1e-15);
        assertEquals(1.0, GloveTrainer.weight(100, 100, 0.75));
        assertEquals(1.0, GloveTrainer.weight(1e6, 100, 0.75));
        assertEquals(1.0, GloveTrainer.weight(3, 100, 0.0));
        assertTrue(GloveTrainer.weight(1, 100, 0.75) < GloveTrainer.weight(2, 100, 0.75));
    }

    @Test
    void oneAdaGradStepMatchesAHandComputation() {
        // two rows of E=2 plus bias: w_i = (0.1, 0.2; b 0.3) at 0, w~_j = (0.4, -0.5; b 0.1) at 3
        float[] w = {0.1f, 0.2f, 0.3f, 0.4f, -0.5f, 0.1f};
        float[] g = {1f, 4f, 1f, 2f, 1f, 9f};
        double x = 10;
        double cost = GloveTrainer.step(w, g, 0, 3, 2, x, 100, 0.75, 0.05, new float[2], new float[2]);
        // d = 0.1*0.4 + 0.2*(-0.5) + 0.3 + 0.1 - ln 10 = 0.34 - 2.302585093 = -1.962585093
        double d = 0.34 - Math.log(10);
        double f = Math.pow(0.1, 0.75); // 0.177827941
        assertEquals(0.5 * f * d * d, cost, 1e-6);
        double gr = 0.05 * f * d; // the scaled residual, -0.017449...
        // each component steps by its gradient over the root of the sum before this step
        assertEquals(0.1 - gr * 0.4 / Math.sqrt(1), w[0], 1e-6);
        assertEquals(0.2 - gr * -0.5 / Math.sqrt(4), w[1], 1e-6);
        assertEquals(0.4 - gr * 0.1 / Math.sqrt(2), w[3], 1e-6);
        assertEquals(-0.5 - gr * 0.2 / Math.sqrt(1), w[4], 1e-6);
        assertEquals(0.3 - gr / Math.sqrt(1), w[2], 1e-6);
        assertEquals(0.1 - gr / Math.sqrt(9), w[5], 1e-6);
        // and the sums grow by the squared gradients
        assertEquals(1 + Math.pow(gr * 0.4, 2), g[0], 1e-6);
        assertEquals(4 + Math.pow(gr * 0.5, 2), g[1], 1e-6);
        assertEquals(1 + gr * gr, g[2], 1e-6);
        assertEquals(2 + Math.pow(gr * 0.1, 2), g[3], 1e-6);
        assertEquals(1 + Math.pow(gr * 0.2, 2), g[4], 1e-6);
        assertEquals(9 + gr * gr, g[5], 1e-6);
    }

    @Test
    void theVectorKernelsAgreeWithTheScalarReference() {
        SplittableRandom r = new SplittableRandom(2);
        for (int dim : new int[] {1, 7, 24, 100, 131}) {
            float[] w = new float[2 * (dim + 1) + 3];
            float[] gs = new float[w.length];
            for (int k = 0; k < w.length; k++) {
                w[k] = (float) r.nextGaussian();
                gs[k] = 1 + (float) r.nextDouble() * 5;
            }
            int l1 = 1;
            int l2 = 2 + dim + 1;
            assertEquals(GloveKernels.dotScalar(w, l1, l2, dim), GloveKernels.dot(w, l1, l2, dim), 1e-4 * dim);
            float[] gs2 = gs.clone();
            float[] a1 = new float[dim];
            float[] a2 = new float[dim];
            float[] b1 = new float[dim];
            float[] b2 = new float[dim];
            // a large g makes some components hit the clip
            float sa = GloveKernels.stepsScalar(w, gs, l1, l2, dim, 80f, 100f, a1, a2);
            float sb = GloveKernels.steps(w, gs2, l1, l2, dim, 80f, 100f, b1, b2);
            assertEquals(sa, sb, 1e-3 * dim);
            assertArrayEquals(a1, b1, 1e-5f);
            assertArrayEquals(a2, b2, 1e-5f);
            assertArrayEquals(gs, gs2, 1e-2f);
            float[] w2 = w.clone();
            GloveKernels.apply(w2, l1, l2, dim, a1, a2);
            for (int b = 0; b < dim; b++) {
                assertEquals(w[l1 + b] - a1[b], w2[l1 + b]);
                assertEquals(w[l2 + b] - a2[b], w2[l2 + b]);
            }
        }
    }

    private Glove.Result train(Corpus c, int threads, long seed, GloveParams.Output out, long memory) throws Exception {
        GloveParams p = new GloveParams(24, 5, true, 10, 0.75, 30, 0.05, memory, out, threads, seed);
        return Glove.train(c, p, tmp, null, () -> false);
    }

    /** Two topics with their own words, and two function words both share. */
    static List<String> twoTopics(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<String> out = new ArrayList<>();
        for (int s = 0; s < n; s++) {
            String topic = r.nextBoolean() ? "a" : "b";
            StringBuilder b = new StringBuilder();
            for (int k = 0; k < 8; k++) {
                b.append(k % 3 == 2 ? (r.nextBoolean() ? "the " : "of ") : topic + r.nextInt(10) + " ");
            }
            out.add(b.toString());
        }
        return out;
    }

    @Test
    void aToyCorpusSeparatesItsTwoGroupsOfWords() throws Exception {
        Corpus c = corpus(twoTopics(2000, 7));
        Glove.Result r = train(c, 1, 1, GloveParams.Output.SUM, 1 << 20);
        assertTrue(r.run().cost() < 0.05, "cost " + r.run().cost());
        Embeddings e = new Embeddings(c.words, c.counts, r.width(), r.vectors(), null, null);
        double within = 0;
        double across = 0;
        for (String topic : new String[] {"a", "b"}) {
            for (int i = 0; i < 10; i++) {
                String w = topic + i;
                // the nearest topic words of each word are of its own topic
                int k = 0;
                for (Embeddings.Scored s : e.nearest(e.vector(w), e.size(), 0, e.id(w), e.id("the"), e.id("of"))) {
                    if (k++ == 5) {
                        break;
                    }
                    assertTrue(s.word().startsWith(topic), w + "'s neighbour " + s.word());
                }
                for (int j = 0; j < 10; j++) {
                    if (j != i) {
                        within += cos(e, w, topic + j);
                    }
                    across += topic.equals("a") ? cos(e, w, "b" + j) : 0;
                }
            }
        }
        assertTrue(within / 180 > across / 100 + 0.3, "within " + within / 180 + " across " + across / 100);
    }

    private static double cos(Embeddings e, String a, String b) {
        float[] u = Embeddings.normalize(e.vector(a));
        float[] v = Embeddings.normalize(e.vector(b));
        double s = 0;
        for (int k = 0; k < u.length; k++) {
            s += u[k] * v[k];
        }
        return s;
    }

    @Test
    void oneThreadIsBitIdenticalAcrossRunsAndTheSeedMatters() throws Exception {
        Corpus c = corpus(twoTopics(500, 3));
        float[] a = train(c, 1, 4, GloveParams.Output.SUM, 1 << 20).vectors();
        float[] b = train(c, 1, 4, GloveParams.Output.SUM, 1 << 20).vectors();
        assertArrayEquals(a, b);
        assertFalse(java.util.Arrays.equals(a, train(c, 1, 5, GloveParams.Output.SUM, 1 << 20).vectors()));
        // spilling changes the storage, not the entries: with the same shuffle budget the vectors are the same
        float[] word = train(c, 1, 4, GloveParams.Output.WORD, 1 << 20).vectors();
        float[] concat = train(c, 1, 4, GloveParams.Output.CONCAT, 1 << 20).vectors();
        int dim = 24;
        for (int i = 0; i < c.words.length; i++) {
            for (int k = 0; k < dim; k++) {
                assertEquals(word[i * dim + k], concat[i * 2 * dim + k]);
                assertEquals(a[i * dim + k], concat[i * 2 * dim + k] + concat[i * 2 * dim + dim + k]);
            }
        }
    }

    @Test
    void twoThreadsLearnTooAndAStopKeepsWhatWasTrained() throws Exception {
        Corpus c = corpus(twoTopics(1000, 3));
        Glove.Result two = train(c, 2, 1, GloveParams.Output.SUM, 1 << 20);
        assertEquals(2, two.run().threadsUsed());
        assertTrue(two.run().cost() < 0.05, "cost " + two.run().cost());
        assertFalse(two.run().stoppedEarly());
        GloveParams p = new GloveParams(24, 5, true, 10, 0.75, 30, 0.05, 1 << 20, GloveParams.Output.SUM, 1, 1);
        int[] epochs = new int[1];
        Glove.Result stopped = Glove.train(c, p, tmp, new Glove.Listener() {
            @Override
            public void counted(CooccurrenceCounter.Stats stats, double seconds) {}

            @Override
            public void progress(double fraction, double rate, double eta) {}

            @Override
            public void epoch(int epoch, double cost, double seconds) {
                epochs[0] = epoch;
            }
        }, () -> epochs[0] >= 2);
        assertTrue(stopped.run().stoppedEarly());
        assertEquals(2, stopped.run().epochsDone(), "the stop is seen before the third epoch starts");
        assertTrue(stopped.run().fractionDone() < 1);
        assertEquals(c.words.length * 24, stopped.vectors().length);
        try (Stream<Path> left = Files.list(tmp)) {
            assertEquals(0, left.count(), "temporary files are deleted");
        }
    }

    @Test
    void sizesAndParametersAreChecked() {
        assertEquals(512L << 20, GloveParams.parseSize("512m"));
        assertEquals(3L << 29, GloveParams.parseSize("1.5g"));
        assertEquals(2048, GloveParams.parseSize("2k"));
        assertEquals(100, GloveParams.parseSize("100"));
        assertThrows(IllegalArgumentException.class, () -> GloveParams.parseSize("lots"));
        assertThrows(IllegalArgumentException.class, () -> GloveParams.parseSize("-1g"));
        assertThrows(IllegalArgumentException.class, () -> GloveParams.Output.parse("both"));
        assertThrows(IllegalArgumentException.class,
                () -> new GloveParams(10, 5, true, 0, 0.75, 1, 0.05, 1 << 20, GloveParams.Output.SUM, 1, 1));
        assertThrows(IllegalArgumentException.class,
                () -> new GloveParams(10, 5, true, 100, 0.75, 1, 0.05, 10, GloveParams.Output.SUM, 1, 1));
    }
}
