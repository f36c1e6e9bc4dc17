package recur.tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * All parameters of a model in one flat float buffer, with a gradient buffer of the same size
 * and named views ({@link Param}). Layers declare their parameters while the model is built;
 * {@link #allocate()} then creates the buffers. Optimisers, clipping and checkpoints are single
 * loops over {@link #values()} and {@link #grads()}; view names are the safetensors names.
 */
public final class ParamStore {
    /** A named view: {@code size} floats at {@code offset} in the store's buffers. */
    public record Param(String name, int offset, int[] shape) {
        public int size() {
            return Var.sizeOf(shape);
        }
    }

    private final Map<String, Param> params = new LinkedHashMap<>();
    private int size;
    private float[] w;
    private float[] g;

    /** Declares a parameter; names must be unique. */
    public Param add(String name, int... shape) {
        if (w != null) {
            throw new IllegalStateException("parameters already allocated; cannot add " + name);
        }
        if (params.containsKey(name)) {
            throw new IllegalArgumentException("duplicate parameter name " + name);
        }
        Param p = new Param(name, size, shape.clone());
        long end = (long) size + p.size();
        if (end > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("model too large: more than 2^31 parameters");
        }
        size = (int) end;
        params.put(name, p);
        return p;
    }

    /** Creates the zeroed value and gradient buffers; call once, after every add. */
    public ParamStore allocate() {
        if (w == null) {
            w = new float[size];
            g = new float[size];
        }
        return this;
    }

    public boolean allocated() {
        return w != null;
    }

    public float[] values() {
        requireAllocated();
        return w;
    }

    public float[] grads() {
        requireAllocated();
        return g;
    }

    /** The parameter as a {@link Var} whose values and gradient live in this store. */
    public Var var(Param p) {
        requireAllocated();
        return Var.view(w, g, p.offset(), p.shape());
    }

    public Param get(String name) {
        Param p = params.get(name);
        if (p == null) {
            throw new IllegalArgumentException("no parameter " + name);
        }
        return p;
    }

    public List<Param> params() {
        return Collections.unmodifiableList(new ArrayList<>(params.values()));
    }

    public int size() {
        return size;
    }

    public void zeroGrad() {
        requireAllocated();
        Arrays.fill(g, 0f);
    }

    private void requireAllocated() {
        if (w == null) {
            throw new IllegalStateException("parameters not allocated yet");
        }
    }
}
