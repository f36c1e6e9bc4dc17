package recur.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import recur.tensor.ParamStore;
import recur.tensor.Tape;
import recur.tensor.Threads;
import recur.tensor.Var;

/**
 * Short training runs on the adding problem (Hochreiter &amp; Schmidhuber 1997): each step carries a
 * value in [0, 1) and a marker; the target, read from the final state, is the sum of the two
 * marked values. Predicting the mean gives MSE 1/6; passing requires remembering two values
 * across up to T steps. The readout, loss and Adam are written here by hand.
 */
class RecurrentLearningTest {
    static final int T = 20, B = 32, H = 16;

    /** Adam over the whole store, the textbook update. */
    static final class Adam {
        final float[] m, v;
        final double lr, b1 = 0.9, b2 = 0.999, eps = 1e-8;
        int step;

        Adam(int n, double lr) {
            m = new float[n];
            v = new float[n];
            this.lr = lr;
        }

        void update(float[] w, float[] g) {
            step++;
            double c1 = 1 - Math.pow(b1, step), c2 = 1 - Math.pow(b2, step);
            for (int i = 0; i < w.length; i++) {
                m[i] = (float) (b1 * m[i] + (1 - b1) * g[i]);
                v[i] = (float) (b2 * v[i] + (1 - b2) * g[i] * g[i]);
                w[i] -= (float) (lr * (m[i] / c1) / (Math.sqrt(v[i] / c2) + eps));
            }
        }
    }

    /** A recurrent layer plus a linear readout of the last layer's final state. */
    static final class Model {
        final ParamStore ps = new ParamStore();
        final Recurrent rnn;
        final ParamStore.Param headW, headB;
        final Adam adam;

        Model(RecurrentCell cell, int layers, long seed) {
            rnn = new Recurrent(ps, "rnn.", cell, 2, H, layers, false);
            headW = ps.add("head.weight", 1, H);
            headB = ps.add("head.bias", 1);
            ps.allocate();
            SplittableRandom rnd = new SplittableRandom(seed);
            rnn.init(rnd.split());
            if (cell.forgetBlock() >= 0) {
                rnn.setForgetBias(1f);
            }
            float[] w = ps.values();
            for (int j = 0; j < H; j++) {
                w[headW.offset() + j] = (float) rnd.nextDouble(-0.25, 0.25);
            }
            adam = new Adam(ps.size(), 1e-2);
        }

        /** One Adam step on a batch; returns the batch's MSE before the step. */
        double train(float[] x, float[] target, float dropout, SplittableRandom rnd) {
            ps.zeroGrad();
            Tape tape = Tape.training();
            Recurrent.Output out = rnn.forward(tape, Var.constant(x, T, B, 2), null, null, null, dropout, rnd);
            float[] w = ps.values(), gw = ps.grads();
            Var h = out.h();
            int last = (rnn.layers() - 1) * B * H;
            float[] dh = h.g();
            double loss = 0;
            for (int b = 0; b < B; b++) {
                double p = w[headB.offset()];
                for (int j = 0; j < H; j++) {
                    p += (double) w[headW.offset() + j] * h.v[last + b * H + j];
                }
                double e = p - target[b];
                loss += e * e / B;
                float de = (float) (2 * e / B);
                gw[headB.offset()] += de;
                for (int j = 0; j < H; j++) {
                    gw[headW.offset() + j] += de * h.v[last + b * H + j];
                    dh[h.go() + last + b * H + j] += de * w[headW.offset() + j];
                }
            }
            tape.backward();
            adam.update(w, gw);
            return loss;
        }
    }

    /** Fills x (T, B, 2) and target (B) with a fresh adding-problem batch. */
    static void batch(SplittableRandom rnd, float[] x, float[] target) {
        java.util.Arrays.fill(x, 0f);
        for (int b = 0; b < B; b++) {
            for (int t = 0; t < T; t++) {
                x[(t * B + b) * 2] = rnd.nextFloat();
            }
            int i = rnd.nextInt(T / 2), j = T / 2 + rnd.nextInt(T / 2);
            x[(i * B + b) * 2 + 1] = 1f;
            x[(j * B + b) * 2 + 1] = 1f;
            target[b] = x[(i * B + b) * 2] + x[(j * B + b) * 2];
        }
    }

    /** Trains for at most maxSteps; returns the step at which the running MSE fell below goal, or −1. */
    static int learn(RecurrentCell cell, int maxSteps, double goal) {
        Model m = new Model(cell, 1, 11);
        SplittableRandom data = new SplittableRandom(5);
        float[] x = new float[T * B * 2], y = new float[B];
        double avg = 1.0 / 6;
        for (int s = 1; s <= maxSteps; s++) {
            batch(data, x, y);
            avg = 0.9 * avg + 0.1 * m.train(x, y, 0f, null);
            if (avg < goal) {
                return s;
            }
        }
        return -1;
    }

    // With these seeds LSTM gets there after about 550 steps, CIFG 280 and GRU 230; the bounds
    // leave room for kernels that round differently.
    @Test
    void lstmLearnsAdding() {
        assertTrue(learn(RecurrentCell.LSTM, 1500, 0.01) > 0, "LSTM: running MSE not below 0.01 within 1500 steps");
    }

    @Test
    void cifgLearnsAdding() {
        assertTrue(learn(RecurrentCell.CIFG, 800, 0.01) > 0, "CIFG: running MSE not below 0.01 within 800 steps");
    }

    @Test
    void gruLearnsAdding() {
        assertTrue(learn(RecurrentCell.GRU, 800, 0.01) > 0, "GRU: running MSE not below 0.01 within 800 steps");
    }

    /** Kernels split work so that the thread count never changes a result. */
    @Test
    void threadCountDoesNotChangeTraining() {
        int before = Threads.get();
        try {
            float[][] params = new float[2][];
            for (int n = 1; n <= 2; n++) {
                Threads.set(n);
                Model m = new Model(RecurrentCell.LSTM, 2, 3);
                SplittableRandom data = new SplittableRandom(9), drop = new SplittableRandom(10);
                float[] x = new float[T * B * 2], y = new float[B];
                for (int s = 0; s < 4; s++) {
                    batch(data, x, y);
                    m.train(x, y, 0.2f, drop);
                }
                params[n - 1] = m.ps.values().clone();
            }
            assertArrayEquals(params[0], params[1]);
        } finally {
            Threads.set(before);
        }
    }
}
