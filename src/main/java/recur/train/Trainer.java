package recur.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import recur.decode.Seeds;
import recur.io.Json;
import recur.optim.GradClip;
import recur.optim.LrSchedule;
import recur.optim.Optimizer;
import recur.tensor.ParamStore;
import recur.tensor.Tape;

/**
 * The training loop every task shares; it knows no task ({@link Task} supplies batches, losses
 * and validation). Per batch: zero the gradients, the task's loss on a training tape, backward,
 * clip by global norm, the schedule's rate, an optimiser step. Validation after every epoch (and
 * every N steps if asked) emits one metrics record and keeps the best model by the task's metric.
 * Checkpoints hold everything needed to continue to the same result (parameters, optimiser and
 * schedule state, the carried state, the position); they are written every few minutes, after
 * every epoch and on a stop signal (then {@link TrainingInterrupted}). --max-time validates and
 * saves, then ends. Each batch's random draws come from a stream seeded by (seed, epoch, batch),
 * so a resumed run draws what the uninterrupted one would have. With a patience of N (0: off),
 * the run ends after N epochs in a row whose validation did not improve on the best; the count
 * is part of the position, so a resumed run counts on.
 */
public final class Trainer {
    /**
     * How to train, whatever the task.
     *
     * @param patience stop after this many epochs in a row whose validation did not improve on the
     *                 best (0: never stop early)
     */
    public record Settings(int epochs, double clip, long validEvery, double maxSeconds, double checkpointSeconds,
                           long seed, int patience) {
        /** Settings without early stopping. */
        public Settings(int epochs, double clip, long validEvery, double maxSeconds, double checkpointSeconds, long seed) {
            this(epochs, clip, validEvery, maxSeconds, checkpointSeconds, seed, 0);
        }

        public Settings {
            if (patience < 0) {
                throw new IllegalArgumentException("--patience must be ≥ 0 (0 = no early stop), got " + patience);
            }
            if (epochs < 1) {
                throw new IllegalArgumentException("--epochs must be at least 1, got " + epochs);
            }
            if (clip < 0) {
                throw new IllegalArgumentException("--clip must be ≥ 0 (0 = no clipping), got " + clip);
            }
            if (validEvery < 0) {
                throw new IllegalArgumentException("--valid-every must be ≥ 0, got " + validEvery);
            }
        }
    }

    /** Where training stands; what a checkpoint records besides the tensors. */
    public static final class Position {
        public int epoch;
        /** The next batch of the epoch. */
        public int batch;
        public long step;
        /** The best validation metric so far, null before the first. */
        public Double best;
        public double elapsed;
        /** Throughput units ({@link Task#unit()}) trained on so far. */
        public long items;
        /** Epochs in a row whose validation did not improve on the best (for --patience). */
        public int stale;

        /** Whether --patience ended the run: that many epochs in a row without improvement. */
        public boolean outOfPatience(int patience) {
            return patience > 0 && stale >= patience;
        }

        public ObjectNode toJson() {
            ObjectNode o = Json.MAPPER.createObjectNode();
            o.put("epoch", epoch);
            o.put("batch", batch);
            o.put("step", step);
            if (best == null) {
                o.putNull("best_valid");
            } else {
                o.put("best_valid", best);
            }
            o.put("elapsed", elapsed);
            o.put("items", items);
            o.put("stale", stale);
            return o;
        }

        public static Position fromJson(JsonNode o) {
            Position p = new Position();
            p.epoch = o.path("epoch").asInt();
            p.batch = o.path("batch").asInt();
            p.step = o.path("step").asLong();
            p.best = o.path("best_valid").isNumber() ? o.path("best_valid").asDouble() : null;
            p.elapsed = o.path("elapsed").asDouble();
            p.items = o.path("items").asLong();
            p.stale = o.path("stale").asInt(0);
            return p;
        }
    }

    /** What the loop reports as it goes. */
    public interface Listener {
        /** About every step: for a progress line. */
        void progress(Position at, int epochs, int batchesPerEpoch, double trainLoss, double lr, double itemsPerSecond);

        /** One metrics record per validation (or per epoch without validation data). */
        void record(ObjectNode metrics);

        /** A short note (checkpoint written, stopping). */
        void note(String message);
    }

    /** Where the best model and the checkpoints go ({@link Checkpoints} for model files). */
    public interface Saver {
        void saveModel(Position at);

        void checkpoint(Position at, Optimizer optimizer, LrSchedule schedule, Task.Carried carried);

        String checkpointName();
    }

    private final Task task;
    private final Optimizer optimizer;
    private final LrSchedule schedule;
    private final Settings settings;
    private final Saver saver;
    private final Listener listener;

    public Trainer(Task task, Optimizer optimizer, LrSchedule schedule, Settings settings, Saver saver,
                   Listener listener) {
        this.task = task;
        this.optimizer = optimizer;
        this.schedule = schedule;
        this.settings = settings;
        this.saver = saver;
        this.listener = listener;
    }

    /**
     * Trains from {@code at} (a fresh Position, or one restored with the carried state from a
     * checkpoint) to the end, or until --max-time, or until a stop signal (then throws
     * {@link TrainingInterrupted} after writing a checkpoint).
     */
    public Position train(Position at) {
        ParamStore params = task.params();
        Task.Carried carried = task.carried();
        long started = System.nanoTime();
        double elapsedBefore = at.elapsed;
        long lastCheckpoint = started;
        double lossSum = 0;
        long lossCount = 0;
        Throughput rate = new Throughput();
        Divergence divergence = new Divergence(task.divergedAbove());
        while (at.epoch < settings.epochs() && !at.outOfPatience(settings.patience())) {
            Task.Epoch batches = task.epoch(at.epoch);
            if (at.batch == 0) {
                carried.reset();
            }
            while (at.batch < batches.size()) {
                at.elapsed = elapsedBefore + (System.nanoTime() - started) / 1e9;
                if (StopSignal.requested()) {
                    saver.checkpoint(at, optimizer, schedule, carried);
                    throw new TrainingInterrupted("interrupted; checkpoint written to " + saver.checkpointName()
                            + " (continue with --resume " + saver.checkpointName() + ")");
                }
                if (settings.maxSeconds() > 0 && at.elapsed >= settings.maxSeconds()) {
                    listener.note("--max-time reached after " + String.format("%.0f", at.elapsed) + " s");
                    if (lossCount > 0) {
                        validate(at, lossSum / lossCount, schedule.lr(at.step, at.epoch), rate.perSecond(), false);
                    }
                    saver.checkpoint(at, optimizer, schedule, carried);
                    return at;
                }
                long batchStart = System.nanoTime();
                SplittableRandom rnd = new SplittableRandom(Seeds.mix(settings.seed(), at.epoch, at.batch));
                Tape tape = Tape.training();
                params.zeroGrad();
                Task.Loss loss = batches.loss(tape, at.batch, rnd);
                double lr = schedule.lr(at.step, at.epoch);
                divergence.check(loss, at, lr);
                loss.value().g()[loss.value().go()] = 1f;
                tape.backward();
                if (settings.clip() > 0) {
                    GradClip.clipGradNorm(params, settings.clip());
                }
                optimizer.step(params, lr);
                at.step++;
                at.batch++;
                at.items += loss.items();
                lossSum += loss.sum();
                lossCount += loss.count();
                long now = System.nanoTime();
                rate.add(loss.items(), now - batchStart);
                listener.progress(at, settings.epochs(), batches.size(), lossSum / Math.max(1, lossCount), lr, rate.perSecond());
                if (settings.validEvery() > 0 && at.step % settings.validEvery() == 0 && at.batch < batches.size()) {
                    validate(at, lossSum / Math.max(1, lossCount), lr, rate.perSecond(), false);
                    lossSum = 0;
                    lossCount = 0;
                }
                if (settings.checkpointSeconds() > 0 && (now - lastCheckpoint) / 1e9 >= settings.checkpointSeconds()) {
                    saver.checkpoint(at, optimizer, schedule, carried);
                    lastCheckpoint = now;
                }
            }
            at.elapsed = elapsedBefore + (System.nanoTime() - started) / 1e9;
            double trainLoss = lossSum / Math.max(1, lossCount);
            Task.Validation v = validate(at, trainLoss, schedule.lr(at.step, at.epoch), rate.perSecond(), true);
            schedule.epochEnd(at.epoch, v == null ? trainLoss : v.loss());
            lossSum = 0;
            lossCount = 0;
            at.epoch++;
            at.batch = 0;
            saver.checkpoint(at, optimizer, schedule, carried);
            if (at.outOfPatience(settings.patience()) && at.epoch < settings.epochs()) {
                listener.note("no improvement in " + at.stale + " epochs (--patience " + settings.patience()
                        + "); stopping after epoch " + at.epoch);
            }
        }
        return at;
    }

    /**
     * Throughput of this process's training: units trained over the time spent on their batches
     * (forward, backward, step), validation and saving left out, so it is the run's average and
     * not a rate of the last seconds.
     */
    private static final class Throughput {
        private long items;
        private long nanos;

        void add(long n, long batchNanos) {
            items += n;
            nanos += batchNanos;
        }

        double perSecond() {
            return nanos == 0 ? 0 : items / (nanos / 1e9);
        }
    }

    /**
     * Stops a run whose loss is not finite, or whose recent mean (an exponential average over
     * about the last 20 batches, once 20 have run) is above what any learning run reaches.
     */
    private static final class Divergence {
        private static final int WARM = 20;
        private final double above;
        private double mean;
        private int seen;

        Divergence(double above) {
            this.above = above;
        }

        void check(Task.Loss loss, Position at, double lr) {
            double batchMean = loss.sum() / Math.max(1, loss.count());
            if (!Double.isFinite(batchMean)) {
                throw diverged(at, "the training loss is " + batchMean, lr);
            }
            seen++;
            mean = seen == 1 ? batchMean : mean + (batchMean - mean) / Math.min(seen, WARM);
            if (seen >= WARM && mean > above) {
                throw diverged(at, String.format("the training loss has risen to %.4g (a uniform guess scores %.4g)",
                        mean, above / 2), lr);
            }
        }
    }

    static TrainingDiverged diverged(Position at, String what, double lr) {
        return new TrainingDiverged(String.format("training diverged at epoch %d, step %d: %s. The rate (now %.4g) is"
                + " too high for this model: try a lower --lr (a tenth of it), or clip the gradients (--clip 0.25);"
                + " the best model so far, if any, was kept", at.epoch + 1, at.step + 1, what, lr));
    }

    /** Validates, emits the record, keeps the best model; returns the validation (null without data). */
    private Task.Validation validate(Position at, double trainLoss, double lr, double itemsPerSecond, boolean epochEnd) {
        ObjectNode r = Json.MAPPER.createObjectNode();
        r.put("epoch", at.epoch + 1);
        r.put("step", at.step);
        r.put("epoch_end", epochEnd);
        putNumber(r, "train_loss", trainLoss);
        Task.Validation v = task.validate();
        boolean improved = true;
        if (v != null) {
            if (!Double.isFinite(v.loss())) {
                throw diverged(at, "the validation loss is " + v.loss(), lr);
            }
            if (v.loss() > task.divergedAbove()) {
                throw diverged(at, String.format("the validation loss is %.4g (a uniform guess scores %.4g)",
                        v.loss(), task.divergedAbove() / 2), lr);
            }
            for (Map.Entry<String, Double> m : v.metrics().entrySet()) {
                putNumber(r, m.getKey(), m.getValue());
            }
            Task.Best best = task.best();
            double value = v.metrics().get(best.metric());
            improved = best.improves(value, at.best);
            if (improved) {
                at.best = value;
            }
            if (epochEnd) {
                at.stale = improved ? 0 : at.stale + 1;
            }
        }
        r.put("lr", lr);
        r.put(task.unit() + "_per_s", Math.round(itemsPerSecond));
        r.put("elapsed", Math.round(at.elapsed * 10) / 10.0);
        if (improved) {
            saver.saveModel(at);
        }
        r.put("saved", improved);
        listener.record(r);
        return v;
    }

    /** Puts v rounded to 5 decimals; JSON has no NaN or Infinity, so a value that is not finite is null. */
    private static void putNumber(ObjectNode r, String name, double v) {
        if (Double.isFinite(v)) {
            // (beyond 1e9, Math.round would saturate; such values need no rounding)
            r.put(name, Math.abs(v) < 1e9 ? Math.round(v * 1e5) / 1e5 : v);
        } else {
            r.putNull(name);
        }
    }

    /** A listener that keeps only the metrics records (for library use and tests). */
    public static Listener recordsTo(Consumer<ObjectNode> sink) {
        return new Listener() {
            @Override
            public void progress(Position at, int epochs, int batches, double loss, double lr, double tps) {}

            @Override
            public void record(ObjectNode metrics) {
                sink.accept(metrics);
            }

            @Override
            public void note(String message) {}
        };
    }
}
