package recur.tensor;

/**
 * A value that takes part in a computation on a {@link Tape}: row-major float32 storage with an
 * offset, its shape, and a gradient of the same size. Parameters are views into a
 * {@link ParamStore}'s flat buffers; activations own their arrays, and their gradient is
 * allocated (zeroed) the first time backward asks for it.
 */
public final class Var {
    public final float[] v;
    public final int vo;
    public final int[] shape;
    private float[] g;
    private int go;
    private final boolean requiresGrad;

    private Var(float[] v, int vo, float[] g, int go, int[] shape, boolean requiresGrad) {
        this.v = v;
        this.vo = vo;
        this.g = g;
        this.go = go;
        this.shape = shape.clone();
        this.requiresGrad = requiresGrad;
    }

    /** A new zero-filled activation that will receive a gradient. */
    public static Var zeros(int... shape) {
        return new Var(new float[sizeOf(shape)], 0, null, 0, shape, true);
    }

    /** An activation over existing values (offset 0) that will receive a gradient. */
    public static Var of(float[] values, int... shape) {
        check(values.length, 0, shape);
        return new Var(values, 0, null, 0, shape, true);
    }

    /** Input data that needs no gradient (token ids as floats, masks, targets). */
    public static Var constant(float[] values, int... shape) {
        check(values.length, 0, shape);
        return new Var(values, 0, null, 0, shape, false);
    }

    /** A view of a parameter: values and gradient inside a parameter store's buffers. */
    public static Var view(float[] v, float[] g, int offset, int... shape) {
        check(v.length, offset, shape);
        return new Var(v, offset, g, offset, shape, true);
    }

    /** Whether backward should compute a gradient for this value. */
    public boolean requiresGrad() {
        return requiresGrad;
    }

    /** The gradient storage, allocated zeroed on first use; index with {@link #go()}. */
    public float[] g() {
        if (g == null) {
            g = new float[size()];
            go = 0;
        }
        return g;
    }

    /** Offset of this value's gradient inside {@link #g()}. */
    public int go() {
        g();
        return go;
    }

    /** Whether a gradient has been allocated (or belongs to a parameter). */
    public boolean hasGrad() {
        return g != null;
    }

    public int size() {
        return sizeOf(shape);
    }

    public int dim(int i) {
        return shape[i < 0 ? shape.length + i : i];
    }

    /** The value at flat index i (for tests and small reads). */
    public float get(int i) {
        return v[vo + i];
    }

    public static int sizeOf(int... shape) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension " + d);
            }
            n *= d;
        }
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("tensor too large: " + n + " elements");
        }
        return (int) n;
    }

    private static void check(int length, int offset, int[] shape) {
        if (offset + sizeOf(shape) > length) {
            throw new IllegalArgumentException("shape " + java.util.Arrays.toString(shape) + " at offset " + offset
                    + " does not fit an array of " + length);
        }
    }
}
