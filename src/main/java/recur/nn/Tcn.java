package recur.nn;

import java.util.Arrays;
import java.util.SplittableRandom;
import recur.tensor.ParamStore;
import recur.tensor.Tape;
import recur.tensor.Var;

/**
 * Temporal convolutional network (Bai, Kolter &amp; Koltun 2018): a stack of {@link TemporalBlock}s
 * whose dilations double per level, 1, 2, 4, …, so the receptive field grows exponentially with
 * depth: {@code 1 + 2·(K−1)·(2^L − 1)} steps for L levels of two convolutions each.
 *
 * <p>Input and output are (B, T, C) row-major (batch-major: one sequence's steps contiguous);
 * {@link #swapTimeBatch} converts from and to the (T, B, C) layout of time-major callers.
 * Parameters are named as in locuslab's {@code TemporalConvNet}: {@code prefix.network.<i>.conv1.weight_v}
 * and so on, so a locuslab model whose TCN attribute is {@code tcn} is matched with prefix "tcn".
 */
public final class Tcn {
    public final int inputSize;
    public final int kernelSize;
    private final int[] channels;
    private final TemporalBlock[] blocks;

    /**
     * Declares the parameters in {@code store}; call {@link #init} once it is allocated.
     *
     * @param channels output width of each level; level i has dilation 2^i
     */
    public Tcn(ParamStore store, String prefix, int inputSize, int[] channels, int kernelSize, float dropout,
               boolean weightNorm) {
        if (channels.length < 1) {
            throw new IllegalArgumentException("a TCN needs at least one level");
        }
        if (channels.length > 30) {
            throw new IllegalArgumentException("at most 30 levels (dilation 2^29), got " + channels.length);
        }
        this.inputSize = inputSize;
        this.kernelSize = kernelSize;
        this.channels = channels.clone();
        this.blocks = new TemporalBlock[channels.length];
        int in = inputSize;
        for (int i = 0; i < channels.length; i++) {
            blocks[i] = new TemporalBlock(store, prefix + ".network." + i, in, channels[i], kernelSize, 1 << i,
                    dropout, weightNorm);
            in = channels[i];
        }
    }

    /** Initialises every block as locuslab does, each from its own split of {@code rnd}. */
    public void init(SplittableRandom rnd) {
        for (TemporalBlock b : blocks) {
            b.init(rnd.split());
        }
    }

    public int levels() {
        return blocks.length;
    }

    public int outputSize() {
        return channels[channels.length - 1];
    }

    public int[] channels() {
        return channels.clone();
    }

    /** How many input steps one output step depends on (the current one included). */
    public int receptiveField() {
        return receptiveField(kernelSize, blocks.length);
    }

    /** 1 + 2·(K−1)·Σ_{i&lt;L} 2^i = 1 + 2·(K−1)·(2^L − 1). */
    public static int receptiveField(int kernelSize, int levels) {
        long rf = 1 + 2L * (kernelSize - 1) * ((1L << levels) - 1);
        return (int) Math.min(rf, Integer.MAX_VALUE);
    }

    /** For logs: "TCN 4 levels [12, 12, 12, 12], kernel 3, receptive field 61". */
    @Override
    public String toString() {
        return "TCN " + blocks.length + (blocks.length == 1 ? " level " : " levels ") + Arrays.toString(channels)
                + ", kernel " + kernelSize + ", receptive field " + receptiveField();
    }

    /**
     * @param x (B, T, inputSize)
     * @param rnd draws dropout masks (training tape only)
     * @return (B, T, outputSize)
     */
    public Var forward(Tape tape, Var x, SplittableRandom rnd) {
        Var h = x;
        for (TemporalBlock b : blocks) {
            h = b.forward(tape, h, rnd);
        }
        return h;
    }

    /**
     * Step-at-a-time inference for {@code batch} sequences, for sampling: feeding steps 0, 1, …
     * gives the same outputs as {@link #forward} on the whole sequence with an inference tape,
     * at the cost of one step per call. The weights are snapshot now; make a new stream after
     * they change.
     */
    public Stream stream(int batch) {
        return new Stream(batch);
    }

    /** Step-at-a-time inference state of a {@link Tcn}. */
    public final class Stream {
        private final TemporalBlock.Stream[] levels;

        private Stream(int batch) {
            levels = new TemporalBlock.Stream[blocks.length];
            for (int i = 0; i < blocks.length; i++) {
                levels[i] = blocks[i].stream(batch);
            }
        }

        /**
         * @param x (B, inputSize) at xo, the next step of each sequence
         * @return (B, outputSize), a buffer the next step overwrites
         */
        public float[] step(float[] x, int xo) {
            float[] h = x;
            int ho = xo;
            for (TemporalBlock.Stream s : levels) {
                h = s.step(h, ho);
                ho = 0;
            }
            return h;
        }

        /** Starts every sequence afresh. */
        public void reset() {
            for (TemporalBlock.Stream s : levels) {
                s.reset();
            }
        }
    }

    /**
     * (T, B, C) ⇄ (B, T, C): swaps the first two dimensions of a rank-3 value (its own inverse).
     *
     * @param x (P, Q, C)
     * @return (Q, P, C)
     */
    public static Var swapTimeBatch(Tape tape, Var x) {
        if (x.shape.length != 3) {
            throw new IllegalArgumentException("expected a rank-3 value, got " + Arrays.toString(x.shape));
        }
        int p = x.dim(0);
        int q = x.dim(1);
        int c = x.dim(2);
        Var y = Var.zeros(q, p, c);
        swapForward(y.v, x.v, x.vo, p, q, c);
        tape.record(() -> {
            if (x.requiresGrad()) {
                swapBackward(x.g(), x.go(), y.g(), y.go(), p, q, c);
            }
        });
        return y;
    }

    /** y[j, i, :] = x[i, j, :]; x (P, Q, C) at xo, y (Q, P, C) at 0. */
    static void swapForward(float[] y, float[] x, int xo, int p, int q, int c) {
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < q; j++) {
                System.arraycopy(x, xo + (i * q + j) * c, y, (j * p + i) * c, c);
            }
        }
    }

    /** dx[i, j, :] += dy[j, i, :]. */
    static void swapBackward(float[] dx, int dxo, float[] dy, int dyo, int p, int q, int c) {
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < q; j++) {
                int xs = dxo + (i * q + j) * c;
                int ys = dyo + (j * p + i) * c;
                for (int e = 0; e < c; e++) {
                    dx[xs + e] += dy[ys + e];
                }
            }
        }
    }
}
