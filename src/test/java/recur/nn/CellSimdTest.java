package recur.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import recur.tensor.ParamStore;
import recur.tensor.Simd;
import recur.tensor.Tape;
import recur.tensor.Var;

/**
 * CellSimd's claim: its vectorised row loops do the scalar loops' operations in the same order, so a
 * network gives the same bits whichever path runs. Each cell runs forward and backward twice on the
 * same inputs and weights, once with the Vector API rows and once with the scalar loops alone, and
 * every output and gradient must be equal bit for bit (not merely close).
 */
class CellSimdTest {
    @AfterEach
    void restore() {
        RecurrentCell.vectorRows = Simd.AVAILABLE;
    }

    /** y, h_n, c_n, then the parameters' and the inputs' gradients, of one forward and backward pass. */
    private static List<float[]> run(RecurrentCell cell, boolean vector) {
        RecurrentCell.vectorRows = vector;
        // H = 37: several full vectors of 8 or 16 lanes and a scalar tail; two layers, both directions
        int T = 5, B = 3, I = 6, H = 37, layers = 2;
        ParamStore ps = new ParamStore();
        Recurrent rnn = new Recurrent(ps, "rnn.", cell, I, H, layers, true);
        ps.allocate();
        SplittableRandom rnd = new SplittableRandom(11);
        TestData.fill(ps, rnd, 0.6);
        Var x = TestData.input(rnd, 1, T, B, I);
        Var h0 = TestData.input(rnd, 0.8, 2 * layers, B, H);
        Var c0 = cell.hasCellState() ? TestData.input(rnd, 0.8, 2 * layers, B, H) : null;
        Tape tape = Tape.training();
        Recurrent.Output o = rnn.forward(tape, x, h0, c0, new int[] {5, 2, 4}, 0.25f, new SplittableRandom(3));
        Var loss = RecurrentGradTest.joined(tape, o);
        float[] dOut = TestData.uniform(new SplittableRandom(5), loss.size(), 1);
        System.arraycopy(dOut, 0, loss.g(), loss.go(), dOut.length);
        tape.backward();
        List<float[]> out = new ArrayList<>();
        out.add(o.y().v.clone());
        out.add(o.h().v.clone());
        if (o.c() != null) {
            out.add(o.c().v.clone());
        }
        out.add(ps.grads().clone());
        out.add(x.g().clone());
        out.add(h0.g().clone());
        if (c0 != null) {
            out.add(c0.g().clone());
        }
        return out;
    }

    @ParameterizedTest
    @EnumSource(RecurrentCell.class)
    void vectorAndScalarRowsGiveTheSameBits(RecurrentCell cell) {
        assumeTrue(Simd.AVAILABLE, "the Vector API is not available in this JVM");
        List<float[]> vector = run(cell, true);
        List<float[]> scalar = run(cell, false);
        String[] names = cell.hasCellState() ? new String[] {"y", "h_n", "c_n", "weight grads", "dx", "dh0", "dc0"}
                : new String[] {"y", "h_n", "weight grads", "dx", "dh0"};
        for (int i = 0; i < names.length; i++) {
            // assertArrayEquals on float[] compares floatToIntBits: bit identity, with no tolerance
            assertArrayEquals(scalar.get(i), vector.get(i), cell + ": " + names[i]);
        }
    }
}
