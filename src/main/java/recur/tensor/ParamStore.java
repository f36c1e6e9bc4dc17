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
    /** Floats declared, counted without overflow even when they are more than one buffer holds. */
    private long declared;
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
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in " + name + " " + Arrays.toString(shape));
            }
            n = n > 0 && d > Long.MAX_VALUE / n ? Long.MAX_VALUE : n * d;
        }
        declared = declared > Long.MAX_VALUE - n ? Long.MAX_VALUE : declared + n;
        // past one buffer's reach the views are never used: allocate() refuses, and the model's size
        // can still be told (declared()) to say how much memory it would need
        Param p = new Param(name, declared > MAX_SIZE ? 0 : size, shape.clone());
        size = (int) Math.min(declared, MAX_SIZE);
        params.put(name, p);
        return p;
    }

    /** The most floats one store holds (a Java array's limit). */
    public static final long MAX_SIZE = Integer.MAX_VALUE - 8;

    /** How many floats the parameters declared so far take (before or after allocating), even past {@link #MAX_SIZE}. */
    public long declared() {
        return declared;
    }

    /** Creates the zeroed value and gradient buffers; call once, after every add. */
    public ParamStore allocate() {
        if (declared > MAX_SIZE) {
            throw new IllegalArgumentException("model too large: " + declared + " parameters, more than the "
                    + MAX_SIZE + " one model can hold");
        }
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
