package recur.optim;

/**
 * Linear warm-up from base/W to base over the first W steps, then either a linear decay to 0 at
 * {@code totalSteps} or an inverse-square-root decay base·√(W / (step+1)) (the Transformer
 * schedule's shape).
 */
public final class WarmupDecay implements LrSchedule {
    public enum Decay { LINEAR, INVERSE_SQRT, NONE }

    private final double base;
    private final long warmup;
    private final long total;
    private final Decay decay;

    /**
     * @param totalSteps the step at which a linear decay reaches 0 (ignored by the other decays)
     */
    public WarmupDecay(double base, long warmupSteps, long totalSteps, Decay decay) {
        LrSchedule.requirePositive(base, "learning rate");
        if (warmupSteps < 0) {
            throw new IllegalArgumentException("warm-up steps must be at least 0, got " + warmupSteps);
        }
        if (decay == Decay.LINEAR && totalSteps <= warmupSteps) {
            throw new IllegalArgumentException("total steps (" + totalSteps + ") must exceed warm-up steps (" + warmupSteps + ")");
        }
        this.base = base;
        this.warmup = warmupSteps;
        this.total = totalSteps;
        this.decay = decay;
    }

    @Override
    public double lr(long step, int epoch) {
        if (step < warmup) {
            return base * (step + 1) / warmup;
        }
        return switch (decay) {
            case NONE -> base;
            case LINEAR -> base * Math.max(0.0, (double) (total - step) / (total - warmup));
            case INVERSE_SQRT -> base * Math.sqrt((double) Math.max(warmup, 1) / (step + 1));
        };
    }
}
