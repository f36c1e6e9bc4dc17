package recur.optim;

import java.util.Map;
import recur.tensor.ParamStore;

/**
 * Updates every parameter of a {@link ParamStore} from its gradient buffer in one loop over the
 * flat arrays. State (moments, step count) lives in arrays the size of the store, allocated at
 * the first step, and can be saved and restored exactly for checkpoints and resume.
 */
public interface Optimizer {
    /**
     * The optimiser a training command's --optimizer names: sgd (with momentum), adam (L2 weight
     * decay), or adamw (decoupled decay, 0.01 unless given), with PyTorch's betas and eps.
     */
    static Optimizer named(String name, double momentum, double weightDecay) {
        return switch (name.toLowerCase(java.util.Locale.ROOT)) {
            case "sgd" -> new Sgd(momentum, false, weightDecay);
            case "adam" -> Adam.adam(0.9, 0.999, 1e-8, weightDecay);
            case "adamw" -> Adam.adamW(0.9, 0.999, 1e-8, weightDecay == 0 ? 0.01 : weightDecay);
            default -> throw new IllegalArgumentException("--optimizer must be sgd, adam or adamw, got " + name);
        };
    }

    /** One update of all parameters but the {@link #keepFixed fixed} ones with learning rate {@code lr}; gradients are read, not cleared. */
    void step(ParamStore params, double lr);

    /**
     * Entries every later {@link #step} leaves untouched: neither updated nor decayed, and their
     * optimiser state stays zero. Not part of the saved state: a resumed run says it again.
     */
    void keepFixed(Fixed fixed);

    /** Steps taken so far (restored with the state). */
    long steps();

    /**
     * The state arrays by name (e.g. {@code optim.adam.m}), each as long as the parameter store;
     * empty before the first step. The arrays are live: copy them if the optimiser keeps running
     * while they are written.
     */
    Map<String, float[]> stateTensors();

    /**
     * Scalars of the state and the hyperparameters, as JSON-friendly values (String, Long, Double):
     * always {@code type} and {@code steps}.
     */
    Map<String, Object> stateScalars();

    /**
     * Restores what {@link #stateTensors()} and {@link #stateScalars()} returned (values may come
     * back from JSON as any Number type); the arrays are copied.
     *
     * @throws IllegalArgumentException when the state belongs to another optimiser type or a
     *     tensor is missing
     */
    void restore(Map<String, float[]> tensors, Map<String, ?> scalars);

    /** Checks the saved state's type and returns its step count. */
    static long restoredSteps(String type, Map<String, ?> scalars) {
        Object t = scalars.get("type");
        if (!type.equals(t)) {
            throw new IllegalArgumentException("optimizer state is for " + t + ", not " + type);
        }
        Object s = scalars.get("steps");
        if (!(s instanceof Number n)) {
            throw new IllegalArgumentException("optimizer state has no step count");
        }
        return n.longValue();
    }

    /** A copy of the named tensor, or null when the map has none (state saved before any step). */
    static float[] restoredTensor(Map<String, float[]> tensors, String name, boolean required) {
        float[] a = tensors.get(name);
        if (a == null) {
            if (required) {
                throw new IllegalArgumentException("optimizer state has no tensor " + name);
            }
            return null;
        }
        return a.clone();
    }

    static void checkSize(float[] state, ParamStore params, String name) {
        if (state != null && state.length != params.size()) {
            throw new IllegalArgumentException("optimizer state " + name + " has " + state.length
                    + " values but the model has " + params.size() + " parameters");
        }
    }
}
