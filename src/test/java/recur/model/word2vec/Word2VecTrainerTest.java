package recur.model.word2vec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import recur.io.RecordReader;

class Word2VecTrainerTest {
    static Corpus corpus(int sentences, long seed) {
        List<String> lines = PlantedCorpus.sentences(sentences, seed);
        List<recur.io.Record> recs = new java.util.ArrayList<>();
        long line = 0;
        for (String l : lines) {
            var node = recur.io.Json.MAPPER.createObjectNode().put("text", l);
            recs.add(new recur.io.Record(node, "planted", ++line));
        }
        return Corpus.read(recs.iterator(), "text", "tokens", false, 1);
    }

    static Embeddings train(Corpus c, boolean cbow, int threads, long seed, int maxn) throws Exception {
        Word2VecParams p = new Word2VecParams(cbow, 24, 5, 5, 1, 0, 5, cbow ? 0.05 : 0.025, maxn > 0 ? 2 : 0, maxn, 100000, threads, seed);
        TrainedVectors t = new Word2VecTrainer(c, p).train(null);
        return new Embeddings(c.words, c.counts, 24, t.vectors(), t.subwords(), t.ngrams());
    }

    private static void assertPlanted(Embeddings e) {
        // neighbours of a target: among the targets, the other gender of the same role ranks first
        for (int r = 0; r < 4; r++) {
            for (String g : new String[] {"m", "f"}) {
                String w = "w" + r + g;
                String other = "w" + r + (g.equals("m") ? "f" : "m");
                String best = null;
                for (Embeddings.Scored s : e.nearest(e.vector(w), e.size(), 0, e.id(w))) {
                    if (s.word().startsWith("w")) {
                        best = s.word();
                        break;
                    }
                }
                assertEquals(other, best, "nearest target of " + w);
            }
        }
        // w0m : w0f :: w1m : w1f, and the same across other roles
        assertEquals("w1f", e.analogy(e.id("w0m"), e.id("w0f"), e.id("w1m"), 1, 0, false).get(0).word());
        assertEquals("w3m", e.analogy(e.id("w2f"), e.id("w2m"), e.id("w3f"), 1, 0, false).get(0).word());
        assertEquals("w1f", e.analogy(e.id("w0m"), e.id("w0f"), e.id("w1m"), 1, 0, true).get(0).word());
    }

    @Test
    void skipgramRecoversPlantedNeighboursAndAnalogy() throws Exception {
        assertPlanted(train(corpus(4000, 7), false, 1, 1, 0));
    }

    @Test
    void cbowRecoversPlantedNeighboursAndAnalogy() throws Exception {
        assertPlanted(train(corpus(4000, 7), true, 1, 1, 0));
    }

    @Test
    void aStopReturnsTheVectorsSoFarWithTheFractionDone() throws Exception {
        Corpus c = corpus(4000, 7);
        Word2VecParams p = new Word2VecParams(false, 24, 5, 5, 1, 0, 50, 0.025, 0, 0, 100000, 2, 3);
        TrainedVectors stopped = new Word2VecTrainer(c, p).train(null, () -> true);
        assertTrue(stopped.stoppedEarly());
        assertTrue(stopped.fractionDone() >= 0 && stopped.fractionDone() < 1, "fraction " + stopped.fractionDone());
        assertEquals(c.words.length * 24, stopped.vectors().length);
        TrainedVectors whole = new Word2VecTrainer(c, new Word2VecParams(false, 24, 5, 5, 1, 0, 1, 0.025, 0, 0, 100000, 1, 3))
                .train(null, () -> false);
        assertFalse(whole.stoppedEarly());
        assertEquals(1.0, whole.fractionDone());
    }

    @Test
    void aStoppedRunResumedFromItsCheckpointEndsInTheSameBytesAtOneThread() throws Exception {
        Corpus c = corpus(4000, 7);
        // long enough (about a second here) that the stop, seen after the coordinator's first 0.2 s wait, cuts it short
        Word2VecParams p = new Word2VecParams(false, 24, 5, 5, 1, 1e-3, 200, 0.025, 0, 0, 100000, 1, 3);
        TrainedVectors whole = new Word2VecTrainer(c, p).train(null, () -> false);
        // stop at the coordinator's second look (after its first wait), resume, and again, until done
        Word2VecCheckpoint state = null;
        TrainedVectors last;
        int stops = 0;
        double before = 0;
        while (true) {
            int[] polls = {0};
            last = new Word2VecTrainer(c, p).train(null, () -> polls[0]++ >= 1, null, 0, state);
            if (!last.stoppedEarly()) {
                break;
            }
            assertTrue(last.fractionDone() >= before, "progress kept: " + last.fractionDone() + " after " + before);
            before = last.fractionDone();
            // through the file, as the command does it
            java.nio.file.Path f = java.nio.file.Files.createTempFile("w2v", ".ckpt");
            last.checkpoint().save(f, p, c.digest, recur.io.Json.MAPPER.createObjectNode());
            Word2VecCheckpoint.Saved saved = Word2VecCheckpoint.load(f);
            java.nio.file.Files.delete(f);
            assertEquals(p, saved.params());
            assertEquals(c.digest, saved.corpusDigest());
            state = saved.state();
            stops++;
            assertTrue(stops < 200, "resuming makes progress");
        }
        assertTrue(stops >= 1, "the run was stopped at least once");
        assertArrayEquals(whole.vectors(), last.vectors());
        assertEquals(whole.loss(), last.loss());
    }

    @Test
    void aPeriodicCheckpointPausesTheWorkersWithoutChangingTheResult() throws Exception {
        Corpus c = corpus(2000, 7);
        Word2VecParams p = new Word2VecParams(true, 16, 5, 5, 1, 0, 20, 0.05, 0, 0, 100000, 1, 3);
        TrainedVectors whole = new Word2VecTrainer(c, p).train(null, () -> false);
        List<Word2VecCheckpoint> taken = new java.util.ArrayList<>();
        TrainedVectors checked = new Word2VecTrainer(c, p).train(null, () -> false, taken::add, 1, null);
        assertArrayEquals(whole.vectors(), checked.vectors());
        assertTrue(!taken.isEmpty(), "a checkpoint every poll");
        // resuming from any of them gives the same end
        Word2VecCheckpoint mid = taken.get(taken.size() / 2);
        assertArrayEquals(whole.vectors(), new Word2VecTrainer(c, p).train(null, () -> false, null, 0, mid).vectors());
    }

    @Test
    void twoThreadsStillLearnTheStructure() throws Exception {
        assertPlanted(train(corpus(4000, 7), false, 2, 1, 0));
    }

    @Test
    void oneThreadSameSeedIsBitIdenticalAndOtherSeedDiffers() throws Exception {
        Corpus c = corpus(1500, 3);
        float[] a = train(c, false, 1, 42, 0).vectors();
        float[] b = train(c, false, 1, 42, 0).vectors();
        float[] d = train(c, false, 1, 43, 0).vectors();
        assertArrayEquals(a, b);
        assertFalse(Arrays.equals(a, d));
    }

    @Test
    void subwordModelGivesUnseenWordsVectorsAndSizesBucketsToTheData() throws Exception {
        Corpus c = corpus(1500, 3);
        Embeddings e = train(c, false, 1, 5, 3);
        assertTrue(e.subwords().buckets < 2000, "buckets " + e.subwords().buckets);
        assertNotNull(e.vector("w9m"), "unseen word composed from n-grams");
        assertNull(new Embeddings(c.words, c.counts, 24, e.vectors(), null, null).vector("w9m"));
        // a seen word's vector is its row
        assertArrayEquals(Arrays.copyOfRange(e.vectors(), 0, 24), e.vector(e.word(0)));
    }

    @Test
    void corpusDropsRareWordsAndSortsByCount() {
        var recs = List.of(
                new recur.io.Record(recur.io.Json.MAPPER.createObjectNode().put("text", "a b a c a b"), "x", 1),
                new recur.io.Record(recur.io.Json.MAPPER.createObjectNode().put("text", "  d  "), "x", 2));
        Corpus c = Corpus.read(recs.iterator(), "text", "tokens", false, 2);
        assertArrayEquals(new String[] {"a", "b"}, c.words);
        assertArrayEquals(new long[] {3, 2}, c.counts);
        assertArrayEquals(new int[] {0, 1, 0, 0, 1}, c.ids);
        assertEquals(1, c.sentences(), "the sentence of only rare words is gone");
        assertEquals(7, c.rawTokens);
    }

    @Test
    void subSamplingKeepsRareWordsAndThinsFrequentOnes() {
        int[] keep = Word2VecTrainer.keepThresholds(new long[] {1_000_000, 10}, 1e-3);
        assertTrue(keep[0] < (1 << 24) / 10, "frequent word mostly dropped: " + keep[0]);
        assertEquals(1 << 24, keep[1]);
    }

    @Test
    void negativeTableFollowsUnigramToThreeQuarters() {
        long[] counts = {1000, 100, 10, 1};
        NegativeTable t = new NegativeTable(counts);
        long[] hits = new long[4];
        java.util.SplittableRandom r = new java.util.SplittableRandom(1);
        int n = 2_000_000;
        for (int i = 0; i < n; i++) {
            hits[t.sample(r.nextLong())]++;
        }
        double z = 0;
        for (long c : counts) {
            z += Math.pow(c, 0.75);
        }
        for (int i = 0; i < 4; i++) {
            double expected = Math.pow(counts[i], 0.75) / z;
            assertEquals(expected, hits[i] / (double) n, 0.003, "word " + i);
        }
    }

    @Test
    void partitionCutsAtSentencesIntoEqualShares() {
        int[] starts = {0, 10, 20, 30, 40};
        assertArrayEquals(new int[] {0, 2, 4}, Word2VecTrainer.partition(starts, 2));
        assertArrayEquals(new int[] {0, 4}, Word2VecTrainer.partition(starts, 1));
    }

    @Test
    void readerTokensFieldWins() throws Exception {
        java.nio.file.Path f = java.nio.file.Files.createTempFile("w2v", ".jsonl");
        java.nio.file.Files.writeString(f, "{\"text\":\"x y\",\"tokens\":[\"a\",\"a\"]}\n");
        try (RecordReader r = RecordReader.of(List.of(f.toString()))) {
            Corpus c = Corpus.read(r, "text", "tokens", false, 1);
            assertArrayEquals(new String[] {"a"}, c.words);
        }
        java.nio.file.Files.delete(f);
    }
}
