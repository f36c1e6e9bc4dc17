package recur.nn;

import recur.tensor.Tape;
import recur.tensor.Var;
import recur.tensor.VecMath;

/**
 * Elementwise activations on any shape. Forward and backward kernels are {@link VecMath}'s (ReLU's
 * backward is here); each backward needs only the output y, so no input copy is kept.
 */
public final class Activations {
    private Activations() {}

    /** y = f(x) over n entries. */
    private interface Forward {
        void apply(float[] x, int xo, float[] y, int yo, int n);
    }

    /** dx += dy·f'(x), written in terms of y = f(x), over n entries. */
    private interface Backward {
        void apply(float[] y, int yo, float[] dy, int dyo, float[] dx, int dxo, int n);
    }

    public static Var sigmoid(Tape tape, Var x) {
        return apply(tape, x, VecMath::sigmoid, VecMath::sigmoidBackward);
    }

    public static Var tanh(Tape tape, Var x) {
        return apply(tape, x, VecMath::tanh, VecMath::tanhBackward);
    }

    public static Var relu(Tape tape, Var x) {
        return apply(tape, x, VecMath::relu, (y, yo, dy, dyo, dx, dxo, n) -> reluBackward(dx, dxo, dy, dyo, y, yo, n));
    }

    /** One kernel call per direction over the whole tensor, so the indirection costs nothing per element. */
    private static Var apply(Tape tape, Var x, Forward forward, Backward backward) {
        Var y = Var.zeros(x.shape);
        int n = x.size();
        forward.apply(x.v, x.vo, y.v, 0, n);
        tape.record(() -> {
            if (x.requiresGrad()) {
                backward.apply(y.v, 0, y.g(), y.go(), x.g(), x.go(), n);
            }
        });
        return y;
    }

    /** dx += dy where y > 0; dx, dy, y (n). */
    public static void reluBackward(float[] dx, int dxo, float[] dy, int dyo, float[] y, int yo, int n) {
        for (int i = 0; i < n; i++) {
            if (y[yo + i] > 0) {
                dx[dxo + i] += dy[dyo + i];
            }
        }
    }
}
