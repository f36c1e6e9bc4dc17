package recur.optim;

import java.util.Map;

/**
 * The learning rate as a function of training progress. The training loop asks {@link #lr} before
 * every step and calls {@link #epochEnd} after each epoch's validation; schedules that react to
 * validation (plateau) keep state, which {@link #state()} / {@link #restore} carry through
 * checkpoints.
 */
public interface LrSchedule {
    /**
     * @param step optimizer steps taken before this one (0 for the first)
     * @param epoch the current epoch, 0 for the first
     */
    double lr(long step, int epoch);

    /** Reports the validation loss at the end of {@code epoch} (0-based). */
    default void epochEnd(int epoch, double validationLoss) {}

    /** JSON-friendly state; empty for stateless schedules. */
    default Map<String, Object> state() {
        return Map.of();
    }

    default void restore(Map<String, ?> state) {}

    /** The same rate throughout. */
    static LrSchedule constant(double lr) {
        requirePositive(lr, "learning rate");
        return (step, epoch) -> lr;
    }

    static void requirePositive(double x, String what) {
        if (!(x > 0) || Double.isInfinite(x)) {
            throw new IllegalArgumentException(what + " must be a positive number, got " + x);
        }
    }
}
