package recur.decode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import recur.model.LanguageModel;
import recur.model.LmArchitecture;
import recur.model.LmState;
import recur.model.RecurrentLm;
import recur.model.StepModel;
import recur.model.TcnLm;
import recur.tensor.Tape;
import recur.tensor.Threads;
import recur.tensor.Var;
import recur.train.LmEvaluator;

/**
 * Decoding one token at a time gives what a whole window gives, and batching records together
 * changes no bit of any record's result.
 */
class BatcherTest {
    private static final int V = 300;

    private static RecurrentLm recurrent(String cell, long seed) {
        return recurrent(cell, 24, 40, seed);
    }

    private static RecurrentLm recurrent(String cell, int emb, int hidden, long seed) {
        RecurrentLm m = new RecurrentLm(new LmArchitecture(cell, V, emb, hidden, 2, 0f, false, 0, 0));
        m.init(new SplittableRandom(seed), false, 0f);
        return m;
    }

    private static TcnLm tcn(long seed) {
        TcnLm m = new TcnLm(new LmArchitecture("tcn", V, 16, 20, 2, 0f, false, 3, 40));
        m.init(new SplittableRandom(seed));
        return m;
    }

    /** Logits (T, V) of one stream, a whole window at once. */
    private static float[] windowLogits(LanguageModel m, int[] ids) {
        LmState state = m.newState(1);
        Var y = m.forward(Tape.inference(), ids, ids.length, 1, state, null);
        float[] out = new float[ids.length * V];
        System.arraycopy(y.v, y.vo, out, 0, out.length);
        return out;
    }

    /** Logits (T, V) of one stream fed a token a step, in row {@code row} of a state of {@code capacity}. */
    private static float[] stepLogits(LanguageModel m, int[] ids, int capacity) {
        StepModel s = m.stepper();
        StepModel.State state = s.newState(capacity);
        int rows = capacity;
        float[] features = new float[rows * s.featureSize()];
        float[] logits = new float[V];
        float[] out = new float[ids.length * V];
        int[] step = new int[rows];
        for (int t = 0; t < ids.length; t++) {
            // every row gets the same token, so the last row's result is the stream's
            java.util.Arrays.fill(step, ids[t]);
            s.step(rows, step, state, features);
            s.logits(1, features, (rows - 1) * s.featureSize(), logits);
            System.arraycopy(logits, 0, out, t * V, V);
        }
        return out;
    }

    private static void assertClose(float[] want, float[] got, double tol, String what) {
        assertEquals(want.length, got.length, what);
        for (int i = 0; i < want.length; i++) {
            assertEquals(want[i], got[i], tol * (1 + Math.abs(want[i])), what + " at " + i);
        }
    }

    @Test
    void aTokenAStepGivesTheWindowsLogits() {
        int[] ids = new SplittableRandom(3).ints(37, 0, V).toArray();
        for (String cell : List.of("lstm", "cifg", "gru", "rnn", "rnn_relu")) {
            RecurrentLm m = recurrent(cell, 4);
            float[] want = windowLogits(m, ids);
            assertClose(want, stepLogits(m, ids, 1), 1e-4, cell);
            assertClose(want, stepLogits(m, ids, 5), 1e-4, cell + " in 5 rows");
        }
        TcnLm t = tcn(5);
        assertClose(windowLogits(t, ids), stepLogits(t, ids, 2), 1e-4, "tcn");
    }

    /** Random records of 0 to 30 ids. */
    private static List<int[]> records(long seed, int n) {
        SplittableRandom r = new SplittableRandom(seed);
        List<int[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(r.ints(r.nextInt(31), 0, V).toArray());
        }
        return out;
    }

    private static List<ScoreTask> score(LanguageModel m, List<int[]> recs, int batch, boolean carry) {
        List<ScoreTask> tasks = new ArrayList<>();
        int first = 0;
        for (int[] ids : recs) {
            tasks.add(new ScoreTask(first, ids, true));
            if (carry && ids.length > 0) {
                first = ids[ids.length - 1];
            }
        }
        List<ScoreTask> done = new ArrayList<>();
        new Batcher(m.stepper(), batch, carry).run(tasks.iterator(), done::add);
        assertEquals(tasks, done, "every task, in input order");
        return done;
    }

    private static List<SampleTask> sample(LanguageModel m, List<int[]> prompts, int batch, Sampling sampling) {
        List<SampleTask> tasks = new ArrayList<>();
        for (int i = 0; i < prompts.size(); i++) {
            tasks.add(new SampleTask(prompts.get(i), 1 + i % 13, sampling, new SplittableRandom(Seeds.mix(7, i)), 0, true,
                    null, null));
        }
        List<SampleTask> done = new ArrayList<>();
        new Batcher(m.stepper(), batch, false).run(tasks.iterator(), done::add);
        assertEquals(tasks, done, "every task, in input order");
        return done;
    }

    @Test
    void everyRecordGetsTheSameBitsAtAnyBatchAndThreadCount() {
        List<int[]> recs = records(8, 100);
        // the small model's one-row products are small enough for Gemm's direct loop, which a
        // batch's would not be: decoding must not take that path
        for (RecurrentLm m : List.of(recurrent("lstm", 9), recurrent("gru", 9), recurrent("lstm", 6, 8, 9))) {
            String cell = m.architecture().toString();
            List<ScoreTask> alone = score(m, recs, 1, false);
            List<SampleTask> drawn = sample(m, recs, 1, new Sampling(1.0, 0, 1.0));
            List<SampleTask> nucleus = sample(m, recs, 1, new Sampling(0.7, 20, 0.9));
            for (int threads = 1; threads <= 2; threads++) {
                Threads.set(threads);
                try {
                    for (int batch : new int[] {3, 16, 200}) {
                        String what = cell + " batch " + batch + " threads " + threads;
                        List<ScoreTask> together = score(m, recs, batch, false);
                        for (int i = 0; i < recs.size(); i++) {
                            assertEquals(alone.get(i).logProb(), together.get(i).logProb(), what + " record " + i);
                            assertArrayEquals(alone.get(i).perToken(), together.get(i).perToken(), what + " record " + i);
                        }
                        List<SampleTask> d = sample(m, recs, batch, new Sampling(1.0, 0, 1.0));
                        List<SampleTask> p = sample(m, recs, batch, new Sampling(0.7, 20, 0.9));
                        for (int i = 0; i < recs.size(); i++) {
                            assertArrayEquals(drawn.get(i).ids(), d.get(i).ids(), what + " sample " + i);
                            assertEquals(drawn.get(i).logProb(), d.get(i).logProb(), what + " sample " + i);
                            assertEquals(drawn.get(i).stop(), d.get(i).stop(), what + " sample " + i);
                            assertArrayEquals(nucleus.get(i).ids(), p.get(i).ids(), what + " top-k/top-p sample " + i);
                        }
                    }
                } finally {
                    Threads.set(1);
                }
            }
        }
    }

    @Test
    void scoresSumToTheEvaluatorsLossWithFreshAndCarriedState() {
        RecurrentLm m = recurrent("lstm", 10);
        List<int[]> recs = records(11, 12);
        // fresh: each record is its own stream that starts with the line end (id 0 here)
        List<ScoreTask> fresh = score(m, recs, 4, false);
        double freshSum = 0;
        double evalSum = 0;
        for (int i = 0; i < recs.size(); i++) {
            freshSum += fresh.get(i).logProb();
            int[] stream = new int[recs.get(i).length + 1];
            System.arraycopy(recs.get(i), 0, stream, 1, recs.get(i).length);
            evalSum += LmEvaluator.evaluate(m, stream, 1, 7).nllSum();
        }
        assertEquals(-evalSum, freshSum, 1e-4 * Math.abs(evalSum));
        // carried: one stream of every record after a line end
        List<ScoreTask> carried = score(m, recs, 4, true);
        List<Integer> all = new ArrayList<>(List.of(0));
        double carriedSum = 0;
        for (int i = 0; i < recs.size(); i++) {
            carriedSum += carried.get(i).logProb();
            for (int id : recs.get(i)) {
                all.add(id);
            }
        }
        double whole = LmEvaluator.evaluate(m, all.stream().mapToInt(Integer::intValue).toArray(), 1, 9).nllSum();
        assertEquals(-whole, carriedSum, 1e-4 * Math.abs(whole));
        assertTrue(Math.abs(carriedSum - freshSum) > 1e-3, "carrying the state changes the scores");
    }

    @Test
    void anEmptyOrZeroLengthTaskIsReturnedWithoutAStep() {
        RecurrentLm m = recurrent("rnn", 12);
        List<ScoreTask> done = score(m, List.of(new int[0], new int[] {5}, new int[0]), 2, false);
        assertEquals(0.0, done.get(0).logProb());
        assertTrue(done.get(1).logProb() < 0);
        List<SampleTask> none = new ArrayList<>();
        new Batcher(m.stepper(), 2, false).run(List.of(new SampleTask(new int[] {1, 2}, 0, new Sampling(1, 0, 1),
                new SplittableRandom(1), 0, true, null, null)).iterator(), none::add);
        assertEquals(0, none.get(0).ids().length);
        assertEquals("max_tokens", none.get(0).stop());
    }
}
