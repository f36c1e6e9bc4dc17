package recur.nn;

import java.util.Arrays;
import recur.tensor.Tape;
import recur.tensor.Var;
import recur.tensor.VecMath;

/**
 * Concatenation along the last axis and its inverse, split: e.g. joining the forward and backward
 * states of a bidirectional RNN, (…, H) and (…, H) into (…, 2H). N counts the rows (all leading
 * dimensions), F_i is the width of part i and F their sum.
 */
public final class Concat {
    private Concat() {}

    /**
     * Joins the parts along the last axis; all parts must have the same leading dimensions.
     *
     * @param parts each (…, F_i)
     * @return (…, ΣF_i)
     */
    public static Var concat(Tape tape, Var... parts) {
        if (parts.length == 0) {
            throw new IllegalArgumentException("concat needs at least one input");
        }
        int[] lead = Arrays.copyOf(parts[0].shape, parts[0].shape.length - 1);
        int[] widths = new int[parts.length];
        int total = 0;
        for (int p = 0; p < parts.length; p++) {
            Var x = parts[p];
            if (!Arrays.equals(lead, Arrays.copyOf(x.shape, x.shape.length - 1)) || x.shape.length != lead.length + 1) {
                throw new IllegalArgumentException("concat inputs differ in leading shape: " + Arrays.toString(parts[0].shape)
                        + " and " + Arrays.toString(x.shape));
            }
            widths[p] = x.dim(-1);
            total += widths[p];
        }
        int n = Var.sizeOf(lead);
        int width = total;
        int[] shape = Arrays.copyOf(lead, lead.length + 1);
        shape[lead.length] = width;
        Var y = Var.zeros(shape);
        int col = 0;
        for (int p = 0; p < parts.length; p++) {
            copyColumns(y.v, 0, total, col, parts[p].v, parts[p].vo, widths[p], 0, n, widths[p]);
            col += widths[p];
        }
        tape.record(() -> {
            int c = 0;
            for (int p = 0; p < parts.length; p++) {
                Var x = parts[p];
                if (x.requiresGrad()) {
                    addColumns(x.g(), x.go(), widths[p], 0, y.g(), y.go(), width, c, n, widths[p]);
                }
                c += widths[p];
            }
        });
        return y;
    }

    /**
     * Splits the last axis into parts of the given widths.
     *
     * @param x (…, ΣF_i)
     * @return one (…, F_i) per width
     */
    public static Var[] split(Tape tape, Var x, int... widths) {
        int total = x.dim(-1);
        int sum = 0;
        for (int w : widths) {
            if (w < 0) {
                throw new IllegalArgumentException("split width must be at least 0, got " + w);
            }
            sum += w;
        }
        if (sum != total) {
            throw new IllegalArgumentException("split widths " + Arrays.toString(widths) + " do not add up to " + total);
        }
        int n = x.size() / Math.max(total, 1);
        Var[] out = new Var[widths.length];
        int col = 0;
        for (int p = 0; p < widths.length; p++) {
            int[] shape = x.shape.clone();
            shape[shape.length - 1] = widths[p];
            out[p] = Var.zeros(shape);
            copyColumns(out[p].v, 0, widths[p], 0, x.v, x.vo, total, col, n, widths[p]);
            col += widths[p];
        }
        tape.record(() -> {
            if (!x.requiresGrad()) {
                return;
            }
            int c = 0;
            for (int p = 0; p < widths.length; p++) {
                if (out[p].hasGrad()) {
                    addColumns(x.g(), x.go(), total, c, out[p].g(), out[p].go(), widths[p], 0, n, widths[p]);
                }
                c += widths[p];
            }
        });
        return out;
    }

    /**
     * dst[r, dc + j] = src[r, sc + j] for j < w (overwrites).
     *
     * @param dst (N, dstWidth)
     * @param src (N, srcWidth)
     */
    public static void copyColumns(float[] dst, int dO, int dstWidth, int dc, float[] src, int so, int srcWidth, int sc,
                                   int n, int w) {
        for (int r = 0; r < n; r++) {
            System.arraycopy(src, so + r * srcWidth + sc, dst, dO + r * dstWidth + dc, w);
        }
    }

    /** dst[r, dc + j] += src[r, sc + j] for j < w; dst (N, dstWidth), src (N, srcWidth). */
    public static void addColumns(float[] dst, int dO, int dstWidth, int dc, float[] src, int so, int srcWidth, int sc,
                                  int n, int w) {
        for (int r = 0; r < n; r++) {
            VecMath.axpy(src, so + r * srcWidth + sc, dst, dO + r * dstWidth + dc, w, 1f);
        }
    }
}
