package recur.optim;

/**
 * lr = base·γᵏ where k counts the decays so far: none before epoch {@code first}, then one more
 * every {@code every} epochs. PyTorch's {@code StepLR(step_size=N)} is first = every = N; the
 * Zaremba et al. (2014) schedule "halve after epoch 4, every epoch" is first = 4, every = 1.
 */
public final class StepDecay implements LrSchedule {
    private final double base;
    private final double gamma;
    private final int first;
    private final int every;

    public StepDecay(double base, double gamma, int first, int every) {
        LrSchedule.requirePositive(base, "learning rate");
        LrSchedule.requirePositive(gamma, "decay factor");
        if (first < 0) {
            throw new IllegalArgumentException("first decay epoch must be at least 0, got " + first);
        }
        if (every < 1) {
            throw new IllegalArgumentException("decay interval must be at least 1 epoch, got " + every);
        }
        this.base = base;
        this.gamma = gamma;
        this.first = first;
        this.every = every;
    }

    /** ×γ every n epochs (after epochs n, 2n, …), like StepLR. */
    public static StepDecay every(double base, double gamma, int n) {
        return new StepDecay(base, gamma, n, n);
    }

    /** ×γ at every epoch from {@code epoch} (0-based) on. */
    public static StepDecay from(double base, double gamma, int epoch) {
        return new StepDecay(base, gamma, epoch, 1);
    }

    @Override
    public double lr(long step, int epoch) {
        int k = epoch < first ? 0 : 1 + (epoch - first) / every;
        return base * Math.pow(gamma, k);
    }
}
