package recur.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import recur.tensor.GradCheck;
import recur.tensor.ParamStore;
import recur.tensor.Tape;
import recur.tensor.Var;

/** Finite-difference checks of every cell, stacked, bidirectional, with states, lengths and dropout. */
class RecurrentGradTest {

    /** The checked loss sees y, h_n and (when present) c_n. */
    static Var joined(Tape tape, Recurrent.Output o) {
        List<Var> parts = new ArrayList<>(List.of(o.y(), o.h()));
        if (o.c() != null) {
            parts.add(o.c());
        }
        int n = 0;
        for (Var p : parts) {
            n += p.size();
        }
        Var out = Var.zeros(n);
        int at = 0;
        for (Var p : parts) {
            System.arraycopy(p.v, p.vo, out.v, at, p.size());
            at += p.size();
        }
        tape.record(() -> {
            int a = 0;
            for (Var p : parts) {
                float[] g = p.g();
                int go = p.go();
                for (int i = 0; i < p.size(); i++) {
                    g[go + i] += out.g()[a + i];
                }
                a += p.size();
            }
        });
        return out;
    }

    static Var random(SplittableRandom rnd, double scale, int... shape) {
        float[] v = new float[Var.sizeOf(shape)];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) rnd.nextDouble(-scale, scale);
        }
        return Var.of(v, shape);
    }

    private static void check(RecurrentCell cell, int layers, boolean bidi, boolean states, int[] lengths, float dropout) {
        check(cell, 3, layers, bidi, states, lengths, dropout);
    }

    private static void check(RecurrentCell cell, int H, int layers, boolean bidi, boolean states, int[] lengths, float dropout) {
        int T = 4, B = 3, I = 3, LD = layers * (bidi ? 2 : 1);
        ParamStore ps = new ParamStore();
        Recurrent rnn = new Recurrent(ps, "rnn.", cell, I, H, layers, bidi);
        ps.allocate();
        SplittableRandom rnd = new SplittableRandom(42);
        // larger than PyTorch's ±1/√H so the gates leave their linear range
        float[] w = ps.values();
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) rnd.nextDouble(-0.9, 0.9);
        }
        Var x = random(rnd, 1, T, B, I);
        Var h0 = states ? random(rnd, 0.8, LD, B, H) : null;
        Var c0 = states && cell.hasCellState() ? random(rnd, 0.8, LD, B, H) : null;
        List<Var> inputs = new ArrayList<>(List.of(x));
        if (h0 != null) {
            inputs.add(h0);
        }
        if (c0 != null) {
            inputs.add(c0);
        }
        // the floor keeps float32 rounding in the probes (about 5e-5 on a gradient) from failing
        // entries whose gradient is itself that small; relu needs a smaller step not to cross its kink
        GradCheck gc = cell == RecurrentCell.RNN_RELU ? new GradCheck(1e-3, 2e-2, 2e-2, 200)
                : new GradCheck(1e-2, 2e-2, 5e-3, 200);
        gc.check(ps, inputs, tape -> {
            // dropout acts only on recording tapes; the checker's probes use a scratch one so that
            // every evaluation sees the same masks
            Tape t = tape.recording() ? tape : Tape.training();
            return joined(t, rnn.forward(t, x, h0, c0, lengths, dropout, new SplittableRandom(7)));
        }, 1234);
    }

    @ParameterizedTest
    @EnumSource(RecurrentCell.class)
    void singleLayer(RecurrentCell cell) {
        check(cell, 1, false, false, null, 0f);
    }

    @ParameterizedTest
    @EnumSource(RecurrentCell.class)
    void initialStates(RecurrentCell cell) {
        check(cell, 1, false, true, null, 0f);
    }

    @ParameterizedTest
    @EnumSource(RecurrentCell.class)
    void stackedBidirectional(RecurrentCell cell) {
        check(cell, 2, true, true, null, 0f);
    }

    @ParameterizedTest
    @EnumSource(RecurrentCell.class)
    void variableLengths(RecurrentCell cell) {
        check(cell, 2, true, true, new int[] {4, 2, 1}, 0f);
    }

    @ParameterizedTest
    @EnumSource(RecurrentCell.class)
    void dropoutBetweenLayers(RecurrentCell cell) {
        check(cell, 2, false, true, new int[] {3, 4, 2}, 0.3f);
    }

    /** H = 11 runs the vectorised row loops (8 or 16 lanes) and their scalar tails. */
    @ParameterizedTest
    @EnumSource(RecurrentCell.class)
    void wideRowsWithLengths(RecurrentCell cell) {
        check(cell, 11, 1, true, true, new int[] {4, 1, 3}, 0f);
    }

    @Test
    void rejectsWrongShapes() {
        ParamStore ps = new ParamStore();
        Recurrent rnn = new Recurrent(ps, "", RecurrentCell.GRU, 3, 2, 1, false);
        ps.allocate();
        Var x = Var.zeros(2, 1, 3);
        assertThrows(IllegalArgumentException.class, () -> rnn.forward(Tape.inference(), Var.zeros(2, 1, 4), null, null, null, 0, null));
        assertThrows(IllegalArgumentException.class, () -> rnn.forward(Tape.inference(), x, Var.zeros(2, 1, 2), null, null, 0, null));
        assertThrows(IllegalArgumentException.class, () -> rnn.forward(Tape.inference(), x, null, Var.zeros(1, 1, 2), null, 0, null));
        assertThrows(IllegalArgumentException.class, () -> rnn.forward(Tape.inference(), x, null, null, new int[] {3}, 0, null));
        assertEquals(2, rnn.forward(Tape.inference(), x, null, null, new int[] {0}, 0, null).y().dim(0));
    }
}
