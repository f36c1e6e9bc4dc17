package recur.optim;

import java.util.LinkedHashMap;
import java.util.Map;
import recur.tensor.ParamStore;

/**
 * Stochastic gradient descent as PyTorch's {@code torch.optim.SGD} (dampening 0): with weight
 * decay λ, g ← g + λ·w; with momentum μ, buf ← μ·buf + g and the step uses buf, or g + μ·buf
 * with Nesterov; then w ← w − lr·step.
 */
public final class Sgd implements Optimizer {
    public static final String TYPE = "sgd";
    private static final String BUF = "optim.sgd.momentum";
    private final float momentum;
    private final boolean nesterov;
    private final float weightDecay;
    private float[] buf;
    private long steps;
    private Fixed fixed = Fixed.NONE;

    public Sgd(double momentum, boolean nesterov, double weightDecay) {
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
        }
        if (!(weightDecay >= 0)) {
            throw new IllegalArgumentException("weight decay must be at least 0, got " + weightDecay);
        }
        if (nesterov && momentum == 0) {
            throw new IllegalArgumentException("Nesterov momentum needs a momentum above 0");
        }
        this.momentum = (float) momentum;
        this.nesterov = nesterov;
        this.weightDecay = (float) weightDecay;
    }

    /** Plain SGD without momentum or weight decay. */
    public static Sgd plain() {
        return new Sgd(0, false, 0);
    }

    @Override
    public void step(ParamStore params, double lr) {
        float[] w = params.values();
        float[] g = params.grads();
        int n = w.length;
        float rate = (float) lr;
        float wd = weightDecay;
        int[] free = fixed.free(n);
        if (momentum == 0) {
            for (int r = 0; r < free.length; r += 2) {
                for (int i = free[r], end = free[r + 1]; i < end; i++) {
                    w[i] -= rate * (g[i] + wd * w[i]);
                }
            }
        } else {
            if (buf == null) {
                buf = new float[n];
            }
            Optimizer.checkSize(buf, params, BUF);
            float mu = momentum;
            float[] b = buf;
            boolean first = steps == 0;
            for (int r = 0; r < free.length; r += 2) {
                for (int i = free[r], end = free[r + 1]; i < end; i++) {
                    float gi = g[i] + wd * w[i];
                    float bi = first ? gi : mu * b[i] + gi;
                    b[i] = bi;
                    w[i] -= rate * (nesterov ? gi + mu * bi : bi);
                }
            }
        }
        steps++;
    }

    @Override
    public void keepFixed(Fixed fixed) {
        this.fixed = fixed;
    }

    @Override
    public long steps() {
        return steps;
    }

    @Override
    public Map<String, float[]> stateTensors() {
        Map<String, float[]> m = new LinkedHashMap<>();
        if (buf != null) {
            m.put(BUF, buf);
        }
        return m;
    }

    @Override
    public Map<String, Object> stateScalars() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", TYPE);
        m.put("steps", steps);
        m.put("momentum", (double) momentum);
        m.put("nesterov", nesterov);
        m.put("weight_decay", (double) weightDecay);
        return m;
    }

    @Override
    public void restore(Map<String, float[]> tensors, Map<String, ?> scalars) {
        steps = Optimizer.restoredSteps(TYPE, scalars);
        buf = Optimizer.restoredTensor(tensors, BUF, momentum != 0 && steps > 0);
    }
}
