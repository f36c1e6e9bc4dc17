package recur.train;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import recur.decode.Seeds;
import recur.io.Json;
import recur.model.LanguageModel;
import recur.model.LmState;
import recur.nn.SoftmaxCrossEntropy;
import recur.optim.GradClip;
import recur.optim.LrSchedule;
import recur.optim.Optimizer;
import recur.tensor.ParamStore;
import recur.tensor.Tape;
import recur.tensor.Var;

/**
 * Trains a language model with truncated backpropagation through time, as PyTorch's
 * word_language_model does: the training stream in {@code batch} columns, windows of
 * {@code bptt} steps, the state carried across windows and detached, gradients clipped by global
 * norm. Validation after every epoch (and every N steps if asked) emits one metrics record; the
 * best model by validation loss is kept. Checkpoints hold everything needed to continue to the
 * same result: parameters, optimiser and schedule state, the carried state and the position.
 * Dropout draws come from a stream seeded by (seed, epoch, window), so a resumed run draws what
 * the uninterrupted one would have.
 */
public final class LmTrainer {
    /** How to train. */
    public record Settings(int epochs, int batch, int bptt, int evalBatch, double clip, long validEvery,
                           double maxSeconds, double checkpointSeconds, long seed, boolean charLevel) {
        public Settings {
            positive(epochs, "--epochs");
            positive(batch, "--batch");
            positive(bptt, "--bptt");
            positive(evalBatch, "--eval-batch");
            if (clip < 0) {
                throw new IllegalArgumentException("--clip must be ≥ 0 (0 = no clipping), got " + clip);
            }
            if (validEvery < 0) {
                throw new IllegalArgumentException("--valid-every must be ≥ 0, got " + validEvery);
            }
        }

        private static void positive(long v, String name) {
            if (v < 1) {
                throw new IllegalArgumentException(name + " must be at least 1, got " + v);
            }
        }
    }

    /** Where training stands; what a checkpoint records besides the tensors. */
    public static final class Position {
        public int epoch;
        public int window;
        public long step;
        public double bestValid = Double.POSITIVE_INFINITY;
        public double elapsed;
        public long tokens;

        public ObjectNode toJson() {
            ObjectNode o = Json.MAPPER.createObjectNode();
            o.put("epoch", epoch);
            o.put("window", window);
            o.put("step", step);
            if (Double.isInfinite(bestValid)) {
                o.putNull("best_valid");
            } else {
                o.put("best_valid", bestValid);
            }
            o.put("elapsed", elapsed);
            o.put("tokens", tokens);
            return o;
        }

        public static Position fromJson(com.fasterxml.jackson.databind.JsonNode o) {
            Position p = new Position();
            p.epoch = o.path("epoch").asInt();
            p.window = o.path("window").asInt();
            p.step = o.path("step").asLong();
            p.bestValid = o.path("best_valid").isNumber() ? o.path("best_valid").asDouble() : Double.POSITIVE_INFINITY;
            p.elapsed = o.path("elapsed").asDouble();
            p.tokens = o.path("tokens").asLong();
            return p;
        }
    }

    /** What the loop reports as it goes. */
    public interface Listener {
        /** About every step: for a progress line. */
        void progress(Position at, int epochs, int windowsPerEpoch, double trainLoss, double lr, double tokensPerSecond);

        /** One metrics record per validation (or per epoch without validation data). */
        void record(ObjectNode metrics);

        /** A short note (checkpoint written, stopping). */
        void note(String message);
    }

    private final LanguageModel model;
    private final Optimizer optimizer;
    private final LrSchedule schedule;
    private final Settings settings;
    private final LmCheckpoint files;
    private final Listener listener;

    public LmTrainer(LanguageModel model, Optimizer optimizer, LrSchedule schedule, Settings settings,
                     LmCheckpoint files, Listener listener) {
        this.model = model;
        this.optimizer = optimizer;
        this.schedule = schedule;
        this.settings = settings;
        this.files = files;
        this.listener = listener;
    }

    /**
     * Trains from {@code at} (a fresh Position, or one restored with its state from a checkpoint)
     * to the end, or until --max-time, or until a stop signal (then throws {@link TrainingInterrupted}
     * after writing a checkpoint).
     */
    public Position train(int[] trainStream, int[] validStream, Position at, LmState state) {
        BpttBatches batches = new BpttBatches(trainStream, settings.batch(), settings.bptt());
        if (batches.isEmpty()) {
            throw new recur.io.BadInputException(null, "the training data has " + trainStream.length
                    + " tokens: too few for --batch " + settings.batch() + " (need at least 2 per column)");
        }
        ParamStore params = model.params();
        int b = settings.batch();
        int[] x = new int[b * settings.bptt()];
        int[] y = new int[b * settings.bptt()];
        long started = System.nanoTime();
        double elapsedBefore = at.elapsed;
        long lastCheckpoint = started;
        double lossSum = 0;
        long lossCount = 0;
        long tokensSince = 0;
        long sinceNanos = started;
        double tokensPerSecond = 0;
        while (at.epoch < settings.epochs()) {
            if (at.window == 0) {
                state.reset();
            }
            while (at.window < batches.windows()) {
                at.elapsed = elapsedBefore + (System.nanoTime() - started) / 1e9;
                if (StopSignal.requested()) {
                    files.checkpoint(at, state, optimizer, schedule);
                    throw new TrainingInterrupted("interrupted; checkpoint written to " + files.checkpointPath()
                            + " (continue with --resume " + files.checkpointPath() + ")");
                }
                if (settings.maxSeconds() > 0 && at.elapsed >= settings.maxSeconds()) {
                    listener.note("--max-time reached after " + String.format("%.0f", at.elapsed) + " s");
                    finish(at, validStream, lossSum, lossCount, tokensPerSecond, state);
                    return at;
                }
                int steps = batches.fill(at.window, x, y);
                int n = steps * b;
                int[] inputs = n == x.length ? x : Arrays.copyOf(x, n);
                int[] targets = n == y.length ? y : Arrays.copyOf(y, n);
                SplittableRandom rnd = new SplittableRandom(Seeds.mix(settings.seed(), at.epoch, at.window));
                Tape tape = Tape.training();
                params.zeroGrad();
                SoftmaxCrossEntropy.Loss loss = model.loss(tape, inputs, targets, steps, b, state, rnd);
                loss.loss().g()[loss.loss().go()] = 1f;
                tape.backward();
                if (settings.clip() > 0) {
                    GradClip.clipGradNorm(params, settings.clip());
                }
                double lr = schedule.lr(at.step, at.epoch);
                optimizer.step(params, lr);
                at.step++;
                at.window++;
                at.tokens += n;
                lossSum += loss.nllSum();
                lossCount += loss.count();
                tokensSince += n;
                long now = System.nanoTime();
                if (now - sinceNanos > 2_000_000_000L) {
                    tokensPerSecond = tokensSince / ((now - sinceNanos) / 1e9);
                    tokensSince = 0;
                    sinceNanos = now;
                } else if (tokensPerSecond == 0 && now > sinceNanos) {
                    tokensPerSecond = tokensSince / ((now - sinceNanos) / 1e9);
                }
                listener.progress(at, settings.epochs(), batches.windows(), lossSum / Math.max(1, lossCount), lr, tokensPerSecond);
                if (settings.validEvery() > 0 && at.step % settings.validEvery() == 0 && at.window < batches.windows()) {
                    validate(at, validStream, lossSum / Math.max(1, lossCount), lr, tokensPerSecond, false);
                    lossSum = 0;
                    lossCount = 0;
                }
                if (settings.checkpointSeconds() > 0 && (now - lastCheckpoint) / 1e9 >= settings.checkpointSeconds()) {
                    files.checkpoint(at, state, optimizer, schedule);
                    lastCheckpoint = now;
                }
            }
            at.elapsed = elapsedBefore + (System.nanoTime() - started) / 1e9;
            double valid = validate(at, validStream, lossSum / Math.max(1, lossCount), schedule.lr(at.step, at.epoch),
                    tokensPerSecond, true);
            schedule.epochEnd(at.epoch, Double.isNaN(valid) ? lossSum / Math.max(1, lossCount) : valid);
            lossSum = 0;
            lossCount = 0;
            at.epoch++;
            at.window = 0;
            files.checkpoint(at, state, optimizer, schedule);
        }
        return at;
    }

    private void finish(Position at, int[] validStream, double lossSum, long lossCount, double tps, LmState state) {
        if (lossCount > 0) {
            validate(at, validStream, lossSum / lossCount, schedule.lr(at.step, at.epoch), tps, false);
        }
        files.checkpoint(at, state, optimizer, schedule);
    }

    /** Validates, emits the record, keeps the best model; returns the validation loss (NaN without data). */
    private double validate(Position at, int[] validStream, double trainLoss, double lr, double tps, boolean epochEnd) {
        ObjectNode r = Json.MAPPER.createObjectNode();
        r.put("epoch", at.epoch + 1);
        r.put("step", at.step);
        r.put("epoch_end", epochEnd);
        r.put("train_loss", round(trainLoss));
        double valid = Double.NaN;
        if (validStream != null) {
            LmEvaluator.Result res = LmEvaluator.evaluate(model, validStream, settings.evalBatch(), settings.bptt());
            valid = res.meanLoss();
            r.put("valid_loss", round(valid));
            r.put("valid_ppl", round(res.perplexity()));
            r.put(settings.charLevel() ? "valid_bpc" : "valid_bits_per_token", round(res.bits()));
        }
        r.put("lr", lr);
        r.put("tokens_per_s", Math.round(tps));
        r.put("elapsed", Math.round(at.elapsed * 10) / 10.0);
        boolean improved = validStream == null || valid < at.bestValid;
        if (improved) {
            if (validStream != null) {
                at.bestValid = valid;
            }
            files.saveModel(at);
        }
        r.put("saved", improved);
        listener.record(r);
        return valid;
    }

    private static double round(double v) {
        return Double.isFinite(v) ? Math.round(v * 1e5) / 1e5 : v;
    }

    /** Saves models and checkpoints for the trainer; the command decides what goes in them. */
    public interface LmCheckpoint {
        void saveModel(Position at);

        void checkpoint(Position at, LmState state, Optimizer optimizer, LrSchedule schedule);

        Path checkpointPath();
    }

    /** Wraps an IOException from saving. */
    public static UncheckedIOException saving(Path path, IOException e) {
        return new UncheckedIOException("writing " + path + ": " + e.getMessage(), e);
    }

    /** A listener that keeps only the metrics records (for library use and tests). */
    public static Listener recordsTo(Consumer<ObjectNode> sink) {
        return new Listener() {
            @Override
            public void progress(Position at, int epochs, int windows, double loss, double lr, double tps) {}

            @Override
            public void record(ObjectNode metrics) {
                sink.accept(metrics);
            }

            @Override
            public void note(String message) {}
        };
    }
}
