package recur.nn;

import recur.tensor.Tape;
import recur.tensor.Var;
import recur.tensor.VecMath;

/**
 * Table lookup: row {@code ids[i]} of a (V, E) table for each id. The backward pass adds into the
 * rows that were looked up only, so a large vocabulary costs nothing for the rows a batch did
 * not use.
 */
public final class Embedding {
    private Embedding() {}

    /**
     * Looks up every id; the result is (N, E) with N = ids.length.
     *
     * @param table (V, E)
     * @param ids (N), each in [0, V)
     * @throws IllegalArgumentException naming the first id out of range
     */
    public static Var apply(Tape tape, Var table, int[] ids) {
        return apply(tape, table, ids, ids.length);
    }

    /**
     * Looks up every id; the result has shape {@code idShape} followed by E, e.g. (T, B, E) for
     * time-major ids (T, B).
     */
    public static Var apply(Tape tape, Var table, int[] ids, int... idShape) {
        if (table.shape.length != 2) {
            throw new IllegalArgumentException("embedding table must be (V, E), got shape " + java.util.Arrays.toString(table.shape));
        }
        if (Var.sizeOf(idShape) != ids.length) {
            throw new IllegalArgumentException("id shape " + java.util.Arrays.toString(idShape) + " does not hold " + ids.length + " ids");
        }
        int vocab = table.dim(0);
        int e = table.dim(1);
        checkIds(ids, vocab);
        int[] shape = java.util.Arrays.copyOf(idShape, idShape.length + 1);
        shape[idShape.length] = e;
        Var y = Var.zeros(shape);
        int[] idsCopy = ids.clone();
        forward(y.v, 0, table.v, table.vo, idsCopy, idsCopy.length, e);
        tape.record(() -> {
            if (table.requiresGrad()) {
                backward(table.g(), table.go(), y.g(), y.go(), idsCopy, idsCopy.length, e);
            }
        });
        return y;
    }

    /** Throws naming the first id outside [0, vocab). */
    public static void checkIds(int[] ids, int vocab) {
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] < 0 || ids[i] >= vocab) {
                throw new IllegalArgumentException("embedding id " + ids[i] + " at position " + i
                        + " is outside the vocabulary [0, " + vocab + ")");
            }
        }
    }

    /**
     * y[i] = table[ids[i]] (overwrites y).
     *
     * @param y (N, E)
     * @param table (V, E)
     * @param ids (N)
     */
    public static void forward(float[] y, int yo, float[] table, int to, int[] ids, int n, int e) {
        for (int i = 0; i < n; i++) {
            System.arraycopy(table, to + ids[i] * e, y, yo + i * e, e);
        }
    }

    /**
     * dtable[ids[i]] += dy[i]; repeated ids accumulate.
     *
     * @param dtable (V, E)
     * @param dy (N, E)
     * @param ids (N)
     */
    public static void backward(float[] dtable, int dto, float[] dy, int dyo, int[] ids, int n, int e) {
        for (int i = 0; i < n; i++) {
            VecMath.axpy(dy, dyo + i * e, dtable, dto + ids[i] * e, e, 1f);
        }
    }
}
