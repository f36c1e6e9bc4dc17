package recur.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import recur.decode.Seeds;
import recur.nn.Linear;
import recur.nn.SoftmaxCrossEntropy;
import recur.optim.LrSchedule;
import recur.optim.Optimizer;
import recur.optim.Sgd;
import recur.tensor.ParamStore;
import recur.tensor.Tape;
import recur.tensor.Var;

/**
 * The Trainer knows no task: a two-class logistic regression on points (label: x₀ > x₁), with
 * no carried state, shuffled batches and accuracy as the metric to keep (higher is better).
 */
class ToyTaskTest {
    static final int N = 64;
    static final int BATCH = 8;

    static final class Points implements Task {
        final ParamStore params = new ParamStore();
        final ParamStore.Param w = params.add("weight", 2, 2);
        final ParamStore.Param b = params.add("bias", 2);
        final float[] x = new float[N * 2];
        final int[] y = new int[N];
        final long seed;

        Points(long seed) {
            this.seed = seed;
            params.allocate();
            SplittableRandom rnd = new SplittableRandom(seed);
            for (int i = 0; i < N; i++) {
                x[2 * i] = (float) rnd.nextDouble(-1, 1);
                x[2 * i + 1] = (float) rnd.nextDouble(-1, 1);
                y[i] = x[2 * i] > x[2 * i + 1] ? 1 : 0;
            }
        }

        @Override
        public ParamStore params() {
            return params;
        }

        private Var logits(Tape tape, int[] rows) {
            float[] in = new float[rows.length * 2];
            for (int i = 0; i < rows.length; i++) {
                in[2 * i] = x[2 * rows[i]];
                in[2 * i + 1] = x[2 * rows[i] + 1];
            }
            return Linear.apply(tape, Var.constant(in, rows.length, 2), params.var(w), params.var(b));
        }

        @Override
        public Epoch epoch(int epoch) {
            // the order of an epoch from (seed, epoch) alone
            int[] order = new SplittableRandom(Seeds.mix(seed, epoch)).ints(0, N).distinct().limit(N).toArray();
            return new Epoch() {
                @Override
                public int size() {
                    return N / BATCH;
                }

                @Override
                public Loss loss(Tape tape, int index, SplittableRandom rnd) {
                    int[] rows = java.util.Arrays.copyOfRange(order, index * BATCH, index * BATCH + BATCH);
                    int[] targets = new int[BATCH];
                    for (int i = 0; i < BATCH; i++) {
                        targets[i] = y[rows[i]];
                    }
                    SoftmaxCrossEntropy.Loss l = SoftmaxCrossEntropy.apply(tape, logits(tape, rows), targets,
                            SoftmaxCrossEntropy.NO_IGNORE, 0f);
                    return new Loss(l.loss(), l.nllSum(), l.count(), BATCH);
                }
            };
        }

        @Override
        public String unit() {
            return "examples";
        }

        @Override
        public Validation validate() {
            int[] all = java.util.stream.IntStream.range(0, N).toArray();
            Var z = logits(Tape.inference(), all);
            int right = 0;
            for (int i = 0; i < N; i++) {
                int pred = z.v[z.vo + 2 * i + 1] > z.v[z.vo + 2 * i] ? 1 : 0;
                right += pred == y[i] ? 1 : 0;
            }
            LinkedHashMap<String, Double> m = new LinkedHashMap<>();
            m.put("valid_accuracy", right / (double) N);
            return new Validation(1 - right / (double) N, m);
        }

        @Override
        public Best best() {
            return new Best("valid_accuracy", true);
        }

        @Override
        public double divergedAbove() {
            return 2 * Math.log(2);
        }
    }

    /** Counts saves instead of writing files. */
    static final class Saves implements Trainer.Saver {
        final List<Long> models = new ArrayList<>();
        int checkpoints;

        @Override
        public void saveModel(Trainer.Position at) {
            models.add(at.step);
        }

        @Override
        public void checkpoint(Trainer.Position at, Optimizer optimizer, LrSchedule schedule, Task.Carried carried) {
            checkpoints++;
        }

        @Override
        public String checkpointName() {
            return "memory";
        }
    }

    @Test
    void aTaskWithoutStateLearnsAndTheBestIsKeptByAHigherIsBetterMetric() {
        Points task = new Points(3);
        List<ObjectNode> records = new ArrayList<>();
        Saves saves = new Saves();
        new Trainer(task, new Sgd(0, false, 0), LrSchedule.constant(0.5), new Trainer.Settings(6, 0, 0, 0, 0, 1), saves,
                Trainer.recordsTo(records::add)).train(new Trainer.Position());
        assertEquals(6, records.size());
        assertEquals(6, saves.checkpoints);
        assertTrue(records.get(5).get("valid_accuracy").asDouble() >= 0.9, records.toString());
        assertTrue(records.get(0).has("examples_per_s"));
        // saved exactly when accuracy rose above every earlier one
        double best = -1;
        for (ObjectNode r : records) {
            double acc = r.get("valid_accuracy").asDouble();
            assertEquals(acc > best, r.get("saved").asBoolean(), r.toString());
            best = Math.max(best, acc);
        }
    }

    @Test
    void anExplodingLossStopsTheRun() {
        Points task = new Points(4);
        Saves saves = new Saves();
        TrainingDiverged e = assertThrows(TrainingDiverged.class, () -> new Trainer(task, new Sgd(0, false, 0),
                LrSchedule.constant(1e30), new Trainer.Settings(10, 0, 0, 0, 0, 1), saves,
                Trainer.recordsTo(r -> {})).train(new Trainer.Position()));
        assertTrue(e.getMessage().contains("training diverged"), e.getMessage());
    }
}
