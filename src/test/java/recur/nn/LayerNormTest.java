package recur.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import recur.tensor.GradCheck;
import recur.tensor.ParamStore;
import recur.tensor.Tape;
import recur.tensor.Var;

class LayerNormTest {
    @Test
    void normalisesRows() {
        Var x = Var.constant(new float[] {1, 2, 3, 4, -2, 0, 2, 4}, 2, 4);
        Var y = LayerNorm.apply(Tape.inference(), x, null, null, LayerNorm.DEFAULT_EPS);
        double s = 0;
        double ss = 0;
        for (int j = 0; j < 4; j++) {
            s += y.get(j);
            ss += y.get(j) * y.get(j);
        }
        assertEquals(0, s, 1e-5);
        assertEquals(4 * 1.25 / (1.25 + 1e-5), ss, 1e-4);
    }

    @Test
    void gradients() {
        SplittableRandom rnd = new SplittableRandom(15);
        ParamStore ps = new ParamStore();
        ParamStore.Param g = ps.add("gain", 5);
        ParamStore.Param b = ps.add("bias", 5);
        ps.allocate();
        TestData.fill(ps, rnd, 1.5);
        Var x = TestData.input(rnd, 2, 2, 3, 5);
        GradCheck.standard().check(ps, List.of(x), tape -> LayerNorm.apply(tape, x, ps.var(g), ps.var(b), 1e-5f), 1);
        Var z = TestData.input(rnd, 2, 4, 5);
        GradCheck.standard().check(null, List.of(z), tape -> LayerNorm.apply(tape, z, null, null, 1e-5f), 2);
    }
}
