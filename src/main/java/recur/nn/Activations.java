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

    public static Var sigmoid(Tape tape, Var x) {
        Var y = Var.zeros(x.shape);
        int n = x.size();
        VecMath.sigmoid(x.v, x.vo, y.v, 0, n);
        tape.record(() -> {
            if (x.requiresGrad()) {
                VecMath.sigmoidBackward(y.v, 0, y.g(), y.go(), x.g(), x.go(), n);
            }
        });
        return y;
    }

    public static Var tanh(Tape tape, Var x) {
        Var y = Var.zeros(x.shape);
        int n = x.size();
        VecMath.tanh(x.v, x.vo, y.v, 0, n);
        tape.record(() -> {
            if (x.requiresGrad()) {
                VecMath.tanhBackward(y.v, 0, y.g(), y.go(), x.g(), x.go(), n);
            }
        });
        return y;
    }

    public static Var relu(Tape tape, Var x) {
        Var y = Var.zeros(x.shape);
        int n = x.size();
        VecMath.relu(x.v, x.vo, y.v, 0, n);
        tape.record(() -> {
            if (x.requiresGrad()) {
                reluBackward(x.g(), x.go(), y.g(), y.go(), y.v, 0, n);
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
