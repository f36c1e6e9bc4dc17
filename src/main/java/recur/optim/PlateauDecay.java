package recur.optim;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Divides the rate by {@code factor} when the validation loss has not improved on the best so
 * far for more than {@code patience} epochs, never going below {@code minLr}. With patience 0
 * and factor 4 this is PyTorch's word_language_model example ({@code lr /= 4.0} after any epoch
 * that does not beat the best validation loss).
 */
public final class PlateauDecay implements LrSchedule {
    private final double factor;
    private final int patience;
    private final double minLr;
    private double lr;
    private double best = Double.POSITIVE_INFINITY;
    private int bad;

    public PlateauDecay(double base, double factor, int patience, double minLr) {
        LrSchedule.requirePositive(base, "learning rate");
        if (!(factor > 1) || Double.isInfinite(factor)) {
            throw new IllegalArgumentException("plateau decay factor must be above 1, got " + factor);
        }
        if (patience < 0) {
            throw new IllegalArgumentException("patience must be at least 0, got " + patience);
        }
        if (!(minLr >= 0)) {
            throw new IllegalArgumentException("minimum learning rate must be at least 0, got " + minLr);
        }
        this.lr = base;
        this.factor = factor;
        this.patience = patience;
        this.minLr = minLr;
    }

    @Override
    public double lr(long step, int epoch) {
        return lr;
    }

    @Override
    public void epochEnd(int epoch, double validationLoss) {
        if (validationLoss < best) {
            best = validationLoss;
            bad = 0;
        } else if (++bad > patience) {
            lr = Math.max(minLr, lr / factor);
            bad = 0;
        }
    }

    /** The best validation loss seen so far (infinite before the first). */
    public double best() {
        return best;
    }

    @Override
    public Map<String, Object> state() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("lr", lr);
        // JSON has no infinity: before any validation, best is left out
        if (Double.isFinite(best)) {
            s.put("best", best);
        }
        s.put("bad_epochs", (long) bad);
        return s;
    }

    @Override
    public void restore(Map<String, ?> state) {
        lr = number(state, "lr").doubleValue();
        Object b = state.get("best");
        best = b instanceof Number n ? n.doubleValue() : Double.POSITIVE_INFINITY;
        bad = number(state, "bad_epochs").intValue();
    }

    private static Number number(Map<String, ?> state, String key) {
        if (state.get(key) instanceof Number n) {
            return n;
        }
        throw new IllegalArgumentException("learning-rate schedule state has no number " + key);
    }
}
