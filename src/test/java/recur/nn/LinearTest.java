package recur.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import recur.tensor.GradCheck;
import recur.tensor.ParamStore;
import recur.tensor.Tape;
import recur.tensor.Var;

class LinearTest {
    @Test
    void forwardMatchesHandComputation() {
        Var x = Var.constant(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Var w = Var.constant(new float[] {1, 0, -1, 0.5f, 0.5f, 0.5f}, 2, 3);
        Var b = Var.constant(new float[] {10, 20}, 2);
        Var y = Linear.apply(Tape.inference(), x, w, b);
        assertArrayEquals(new int[] {2, 2}, y.shape);
        assertArrayEquals(new float[] {1 - 3 + 10, 3 + 20, 4 - 6 + 10, 7.5f + 20}, y.v, 1e-6f);
        Var y0 = Linear.apply(Tape.inference(), x, w, null);
        assertEquals(-2f, y0.get(0), 1e-6f);
    }

    @Test
    void gradientsWithBias() {
        SplittableRandom rnd = new SplittableRandom(1);
        ParamStore ps = new ParamStore();
        ParamStore.Param w = ps.add("w", 4, 3);
        ParamStore.Param b = ps.add("b", 4);
        ps.allocate();
        TestData.fill(ps, rnd, 1);
        Var x = TestData.input(rnd, 1, 2, 5, 3);
        GradCheck.standard().check(ps, List.of(x), tape -> Linear.apply(tape, x, ps.var(w), ps.var(b)), 7);
    }

    @Test
    void gradientsWithoutBias() {
        SplittableRandom rnd = new SplittableRandom(2);
        ParamStore ps = new ParamStore();
        ParamStore.Param w = ps.add("w", 3, 6);
        ps.allocate();
        TestData.fill(ps, rnd, 1);
        Var x = TestData.input(rnd, 1, 4, 6);
        GradCheck.standard().check(ps, List.of(x), tape -> Linear.apply(tape, x, ps.var(w), null), 8);
    }

    @Test
    void constantInputGetsNoGradient() {
        ParamStore ps = new ParamStore();
        ParamStore.Param w = ps.add("w", 2, 2);
        ps.allocate();
        Var x = Var.constant(new float[] {1, 2}, 1, 2);
        Tape tape = Tape.training();
        Var y = Linear.apply(tape, x, ps.var(w), null);
        y.g()[0] = 1;
        tape.backward();
        assertEquals(false, x.hasGrad());
        assertArrayEquals(new float[] {1, 2, 0, 0}, ps.grads(), 0f);
    }

    @Test
    void rejectsMismatchedWidth() {
        Var x = Var.constant(new float[4], 1, 4);
        Var w = Var.constant(new float[6], 2, 3);
        assertThrows(IllegalArgumentException.class, () -> Linear.apply(Tape.inference(), x, w, null));
    }
}
