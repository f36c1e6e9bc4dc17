package recur.nn;

import java.util.SplittableRandom;
import recur.tensor.ParamStore;
import recur.tensor.Tape;
import recur.tensor.Var;
import recur.tensor.VecMath;

/**
 * locuslab/TCN's residual block: two causal dilated convolutions, each followed by ReLU and
 * dropout, added to the input (through a 1×1 convolution when the widths differ) and passed
 * through a last ReLU: {@code y = relu(drop(relu(conv2(drop(relu(conv1(x)))))) + skip(x))}.
 *
 * <p>Parameters under the caller's prefix, as PyTorch names a locuslab block's modules:
 * {@code prefix.conv1.*}, {@code prefix.conv2.*} (see {@link CausalConv1d}, with or without
 * weight normalisation) and, when Cin ≠ Cout, {@code prefix.downsample.weight} (Cout, Cin, 1)
 * and {@code prefix.downsample.bias} (Cout), never weight-normalised.
 */
public final class TemporalBlock {
    public final int cin;
    public final int cout;
    public final float dropout;
    private final CausalConv1d conv1;
    private final CausalConv1d conv2;
    private final CausalConv1d downsample;

    /** Declares the parameters in {@code store}; call {@link #init} once it is allocated. */
    public TemporalBlock(ParamStore store, String prefix, int cin, int cout, int k, int dilation, float dropout,
                         boolean weightNorm) {
        if (dropout < 0 || dropout >= 1) {
            throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
        }
        this.cin = cin;
        this.cout = cout;
        this.dropout = dropout;
        this.conv1 = new CausalConv1d(store, prefix + ".conv1", cin, cout, k, dilation, weightNorm);
        this.conv2 = new CausalConv1d(store, prefix + ".conv2", cout, cout, k, dilation, weightNorm);
        this.downsample = cin != cout ? new CausalConv1d(store, prefix + ".downsample", cin, cout, 1, 1, false) : null;
    }

    /** Initialises the convolutions as locuslab does (see {@link CausalConv1d#init}). */
    public void init(SplittableRandom rnd) {
        conv1.init(rnd);
        conv2.init(rnd);
        if (downsample != null) {
            downsample.init(rnd);
        }
    }

    public boolean hasDownsample() {
        return downsample != null;
    }

    /** Steps of history this block adds to the receptive field: 2·D·(K−1). */
    public int history() {
        return conv1.history() + conv2.history();
    }

    /**
     * @param x (B, T, Cin)
     * @param rnd draws the dropout masks (only when the tape records and dropout &gt; 0)
     * @return (B, T, Cout)
     */
    public Var forward(Tape tape, Var x, SplittableRandom rnd) {
        Var h = Dropout.apply(tape, relu(tape, conv1.forward(tape, x)), dropout, false, rnd);
        h = Dropout.apply(tape, relu(tape, conv2.forward(tape, h)), dropout, false, rnd);
        Var res = downsample == null ? x : downsample.forward(tape, x);
        return addRelu(tape, h, res);
    }

    /**
     * Step-at-a-time inference for {@code batch} sequences (no dropout, as at inference); the
     * convolutions snapshot their weights now (see {@link CausalConv1d#stream}).
     */
    public Stream stream(int batch) {
        return new Stream(batch);
    }

    /** Step-at-a-time inference state of one {@link TemporalBlock}. */
    public final class Stream {
        private final CausalConv1d.Stream c1;
        private final CausalConv1d.Stream c2;
        private final CausalConv1d.Stream down;
        private final float[] y;

        private Stream(int batch) {
            c1 = conv1.stream(batch);
            c2 = conv2.stream(batch);
            down = downsample == null ? null : downsample.stream(batch);
            y = new float[batch * cout];
        }

        /**
         * @param x (B, Cin) at xo
         * @return (B, Cout), a buffer the next step overwrites
         */
        public float[] step(float[] x, int xo) {
            float[] h = c1.step(x, xo);
            VecMath.relu(h, 0, h, 0, y.length);
            h = c2.step(h, 0);
            VecMath.relu(h, 0, h, 0, y.length);
            if (down == null) {
                addReluForward(y, h, 0, x, xo, y.length);
            } else {
                addReluForward(y, h, 0, down.step(x, xo), 0, y.length);
            }
            return y;
        }

        public void reset() {
            c1.reset();
            c2.reset();
            if (down != null) {
                down.reset();
            }
        }
    }

    /** y = max(0, x). */
    static Var relu(Tape tape, Var x) {
        int n = x.size();
        Var y = Var.zeros(x.shape);
        VecMath.relu(x.v, x.vo, y.v, 0, n);
        tape.record(() -> {
            if (x.requiresGrad()) {
                reluBackward(x.g(), x.go(), y.g(), y.go(), y.v, 0, n);
            }
        });
        return y;
    }

    /** y = max(0, a + b), a and b of the same shape. */
    static Var addRelu(Tape tape, Var a, Var b) {
        int n = a.size();
        if (b.size() != n) {
            throw new IllegalArgumentException("residual sum needs equal sizes, got " + n + " and " + b.size());
        }
        Var y = Var.zeros(a.shape);
        addReluForward(y.v, a.v, a.vo, b.v, b.vo, n);
        tape.record(() -> {
            if (a.requiresGrad() && b.requiresGrad()) {
                reluBackward2(a.g(), a.go(), b.g(), b.go(), y.g(), y.go(), y.v, n);
            } else if (a.requiresGrad()) {
                reluBackward(a.g(), a.go(), y.g(), y.go(), y.v, 0, n);
            } else if (b.requiresGrad()) {
                reluBackward(b.g(), b.go(), y.g(), y.go(), y.v, 0, n);
            }
        });
        return y;
    }

    /** y[i] = max(0, a[i] + b[i]); y (n) at 0. */
    static void addReluForward(float[] y, float[] a, int ao, float[] b, int bo, int n) {
        for (int i = 0; i < n; i++) {
            y[i] = Math.max(0f, a[ao + i] + b[bo + i]);
        }
    }

    /**
     * dx[i] += y[i] &gt; 0 ? dy[i] : 0, with y the ReLU's output. Branch-free: as an int, y's bits
     * are positive exactly when y &gt; 0 (−0 and negatives have the sign bit, +0 is 0), and
     * {@code (−bits & ~bits) >> 31} is all ones exactly then; the branching form mispredicts on
     * about half the entries and ran 6× slower.
     */
    static void reluBackward(float[] dx, int dxo, float[] dy, int dyo, float[] y, int yo, int n) {
        for (int i = 0; i < n; i++) {
            int bits = Float.floatToRawIntBits(y[yo + i]);
            int mask = (-bits & ~bits) >> 31;
            dx[dxo + i] += Float.intBitsToFloat(Float.floatToRawIntBits(dy[dyo + i]) & mask);
        }
    }

    /** {@link #reluBackward} into two gradients at once (both sides of the residual sum); y at 0. */
    static void reluBackward2(float[] da, int dao, float[] db, int dbo, float[] dy, int dyo, float[] y, int n) {
        for (int i = 0; i < n; i++) {
            int bits = Float.floatToRawIntBits(y[i]);
            int mask = (-bits & ~bits) >> 31;
            float g = Float.intBitsToFloat(Float.floatToRawIntBits(dy[dyo + i]) & mask);
            da[dao + i] += g;
            db[dbo + i] += g;
        }
    }
}
