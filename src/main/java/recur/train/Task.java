package recur.train;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import recur.io.Safetensors;
import recur.tensor.ParamStore;
import recur.tensor.Tape;
import recur.tensor.Var;

/**
 * What {@link Trainer} needs to know about one kind of training (fairseq's task and criterion,
 * Lightning's module, in one small interface): the parameters, the batches of an epoch, the loss
 * of one batch on a tape, the validation metrics and what is carried from batch to batch. The
 * trainer owns everything else (optimiser, schedule, clipping, time, signals, checkpoints,
 * keeping the best), so a new task is this interface plus option wiring.
 *
 * <p>Determinism: the trainer seeds each batch's {@code rnd} from (seed, epoch, batch), and a
 * task must derive the order of an epoch's batches from (seed, epoch) alone, so that a run
 * resumed in the middle of an epoch draws exactly what the uninterrupted one did.
 */
public interface Task {
    /** The parameters the optimiser updates; their gradients are zeroed before every batch. */
    ParamStore params();

    /**
     * The batches of epoch {@code epoch} (0-based), in training order. Called once at the start of
     * every epoch and once when a run resumes in the middle of one, which must give the same order.
     */
    Epoch epoch(int epoch);

    /** One epoch's batches. */
    interface Epoch {
        /** How many batches (optimiser steps) the epoch has; at least 1. */
        int size();

        /**
         * Runs batch {@code index} forward on {@code tape} and returns its loss; the trainer seeds
         * the loss's gradient with 1 and runs the tape backward.
         *
         * @param rnd dropout and other draws of this batch, seeded from (seed, epoch, index)
         */
        Loss loss(Tape tape, int index, SplittableRandom rnd);
    }

    /**
     * One batch's loss.
     *
     * @param value the scalar the gradient flows from (a mean over the batch, as the task defines it)
     * @param sum the quantity reported as train_loss, summed over the batch (e.g. Σ −log p)
     * @param count what {@code sum} is summed over (train_loss = Σ sum / Σ count)
     * @param items units of throughput in the batch ({@link #unit()}: tokens, examples)
     */
    record Loss(Var value, double sum, long count, long items) {}

    /** What throughput is counted in, for the metrics record's "{unit}_per_s" (e.g. "tokens"). */
    String unit();

    /**
     * Scores the validation data with the current parameters (no dropout), or returns null when
     * there is none. The trainer puts the metrics in the record in their order.
     */
    Validation validate();

    /**
     * A validation's figures.
     *
     * @param loss the validation loss, which plateau schedules watch
     * @param metrics the record's fields, e.g. valid_loss, valid_ppl (must hold {@link #best()}'s name)
     */
    record Validation(double loss, LinkedHashMap<String, Double> metrics) {}

    /** The metric that decides which model is kept as the best, and whether higher is better. */
    Best best();

    /** A metric to keep the best model by. */
    record Best(String metric, boolean higherIsBetter) {
        public boolean improves(double value, Double best) {
            if (!Double.isFinite(value)) {
                return false;
            }
            return best == null || (higherIsBetter ? value > best : value < best);
        }
    }

    /**
     * A training loss that no run that learns stays above, so that a running mean above it means
     * the run has diverged (for a softmax over N classes: twice a uniform guess's loss, 2·ln N).
     */
    double divergedAbove();

    /** What is carried from one batch to the next (none unless overridden). */
    default Carried carried() {
        return Carried.NONE;
    }

    /**
     * State carried across batches without gradients (a language model's hidden state): reset at
     * the start of every epoch, written into checkpoints and read back on resume.
     */
    interface Carried {
        Carried NONE = new Carried() {
            @Override
            public void reset() {}

            @Override
            public List<Safetensors.Tensor> save() {
                return List.of();
            }

            @Override
            public void restore(Map<String, Safetensors.Tensor> tensors) {}
        };

        void reset();

        /** The state as named tensors (names start with "state."). */
        List<Safetensors.Tensor> save();

        /** Puts back what {@link #save} wrote; a mismatch is an IllegalArgumentException naming it. */
        void restore(Map<String, Safetensors.Tensor> tensors);
    }
}
