package recur.optim;

import java.util.LinkedHashMap;
import java.util.Map;
import recur.tensor.ParamStore;

/**
 * Adam and AdamW as PyTorch's {@code torch.optim.Adam} / {@code AdamW} (amsgrad off). At step t:
 * m ← β1·m + (1−β1)·g, v ← β2·v + (1−β2)·g², w ← w − (lr / (1−β1ᵗ))·m / (√v / √(1−β2ᵗ) + ε).
 * Adam's weight decay λ is an L2 term added to the gradient (g ← g + λ·w); AdamW's is decoupled,
 * w ← w·(1 − lr·λ), applied before the update.
 */
public final class Adam implements Optimizer {
    private final boolean decoupled;
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double weightDecay;
    private float[] m;
    private float[] v;
    private long steps;
    private Fixed fixed = Fixed.NONE;

    private Adam(boolean decoupled, double beta1, double beta2, double eps, double weightDecay) {
        if (!(beta1 >= 0 && beta1 < 1)) {
            throw new IllegalArgumentException("beta1 must be in [0, 1), got " + beta1);
        }
        if (!(beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException("beta2 must be in [0, 1), got " + beta2);
        }
        if (!(eps > 0)) {
            throw new IllegalArgumentException("epsilon must be above 0, got " + eps);
        }
        if (!(weightDecay >= 0)) {
            throw new IllegalArgumentException("weight decay must be at least 0, got " + weightDecay);
        }
        this.decoupled = decoupled;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
    }

    /** Adam with L2 weight decay added to the gradient (PyTorch defaults: 0.9, 0.999, 1e-8, 0). */
    public static Adam adam(double beta1, double beta2, double eps, double weightDecay) {
        return new Adam(false, beta1, beta2, eps, weightDecay);
    }

    /** AdamW with decoupled weight decay (PyTorch defaults: 0.9, 0.999, 1e-8, 0.01). */
    public static Adam adamW(double beta1, double beta2, double eps, double weightDecay) {
        return new Adam(true, beta1, beta2, eps, weightDecay);
    }

    public String type() {
        return decoupled ? "adamw" : "adam";
    }

    @Override
    public void step(ParamStore params, double lr) {
        float[] w = params.values();
        float[] g = params.grads();
        int n = w.length;
        if (m == null) {
            m = new float[n];
            v = new float[n];
        }
        Optimizer.checkSize(m, params, prefix() + "m");
        steps++;
        double bc1 = 1 - Math.pow(beta1, steps);
        double bc2 = 1 - Math.pow(beta2, steps);
        float stepSize = (float) (lr / bc1);
        float sqrtBc2 = (float) Math.sqrt(bc2);
        float b1 = (float) beta1;
        float b2 = (float) beta2;
        float c1 = (float) (1 - beta1);
        float c2 = (float) (1 - beta2);
        float e = (float) eps;
        float l2 = decoupled ? 0f : (float) weightDecay;
        float shrink = decoupled ? (float) (1 - lr * weightDecay) : 1f;
        float[] mm = m;
        float[] vv = v;
        int[] free = fixed.free(n);
        for (int r = 0; r < free.length; r += 2) {
            for (int i = free[r], end = free[r + 1]; i < end; i++) {
                float wi = w[i] * shrink;
                float gi = g[i] + l2 * w[i];
                float mi = b1 * mm[i] + c1 * gi;
                float vi = b2 * vv[i] + c2 * (gi * gi);
                mm[i] = mi;
                vv[i] = vi;
                w[i] = wi - stepSize * mi / ((float) Math.sqrt(vi) / sqrtBc2 + e);
            }
        }
    }

    @Override
    public void keepFixed(Fixed fixed) {
        this.fixed = fixed;
    }

    @Override
    public long steps() {
        return steps;
    }

    private String prefix() {
        return "optim." + type() + ".";
    }

    @Override
    public Map<String, float[]> stateTensors() {
        Map<String, float[]> s = new LinkedHashMap<>();
        if (m != null) {
            s.put(prefix() + "m", m);
            s.put(prefix() + "v", v);
        }
        return s;
    }

    @Override
    public Map<String, Object> stateScalars() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("type", type());
        s.put("steps", steps);
        s.put("beta1", beta1);
        s.put("beta2", beta2);
        s.put("eps", eps);
        s.put("weight_decay", weightDecay);
        return s;
    }

    @Override
    public void restore(Map<String, float[]> tensors, Map<String, ?> scalars) {
        steps = Optimizer.restoredSteps(type(), scalars);
        m = Optimizer.restoredTensor(tensors, prefix() + "m", steps > 0);
        v = Optimizer.restoredTensor(tensors, prefix() + "v", steps > 0);
        if ((m == null) != (v == null) || (m != null && m.length != v.length)) {
            throw new IllegalArgumentException("optimizer state has mismatched moments");
        }
    }
}
