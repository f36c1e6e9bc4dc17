package recur.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import recur.tensor.GradCheck;
import recur.tensor.ParamStore;
import recur.tensor.Var;

/** Finite-difference checks of the causal convolution, the temporal block and the stack. */
class TcnGradTest {

    /** Parameters of order one (locuslab's N(0, 0.01²) would leave the check in float32 noise). */
    static void randomise(ParamStore store, SplittableRandom rnd) {
        float[] w = store.values();
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) rnd.nextDouble(-0.8, 0.8);
        }
    }

    static Var input(SplittableRandom rnd, int... shape) {
        float[] x = new float[Var.sizeOf(shape)];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rnd.nextDouble(-1, 1);
        }
        return Var.of(x, shape);
    }

    @ParameterizedTest(name = "K={0} D={1} weightNorm={2}")
    @CsvSource({
        "2, 1, false", "2, 2, false", "2, 4, false", "3, 1, false", "3, 2, false", "3, 4, false",
        "2, 1, true", "2, 2, true", "2, 4, true", "3, 1, true", "3, 2, true", "3, 4, true",
        "1, 1, false", "1, 1, true"})
    void causalConv(int k, int d, boolean weightNorm) {
        SplittableRandom rnd = new SplittableRandom(11 * k + d);
        ParamStore store = new ParamStore();
        CausalConv1d conv = new CausalConv1d(store, "c", 3, 4, k, d, weightNorm);
        store.allocate();
        randomise(store, rnd);
        Var x = input(rnd, 2, 10, 3);
        GradCheck.standard().check(store, List.of(x), tape -> conv.forward(tape, x), 5);
    }

    /**
     * The ReLUs' kinks make central differences unreliable wherever a pre-activation lies within
     * a step of zero, so each structure is checked twice: with every ReLU active (all values positive:
     * a smooth function, the standard check) and with mixed signs on a small input with a
     * smaller step, where crossings are rare.
     */
    @ParameterizedTest(name = "in={0} out={1} weightNorm={2} allActive={3}")
    @CsvSource({"3, 4, false, true", "3, 4, true, true", "4, 4, false, true", "4, 4, true, true",
        "3, 4, false, false", "3, 4, true, false", "4, 4, false, false", "4, 4, true, false"})
    void temporalBlock(int cin, int cout, boolean weightNorm, boolean allActive) {
        SplittableRandom rnd = new SplittableRandom(100 + cin + cout);
        ParamStore store = new ParamStore();
        TemporalBlock block = new TemporalBlock(store, "b", cin, cout, 3, 2, 0f, weightNorm);
        store.allocate();
        randomise(store, rnd);
        assertEquals(cin != cout, block.hasDownsample());
        Var x = allActive ? input(rnd, 2, 9, cin) : input(rnd, 1, 6, cin);
        if (allActive) {
            makePositive(store, x, rnd);
        }
        SplittableRandom drop = new SplittableRandom(1);
        check(allActive).check(store, List.of(x), tape -> block.forward(tape, x, drop), 7);
    }

    @ParameterizedTest(name = "allActive={0}")
    @CsvSource({"true", "false"})
    void threeLevelStack(boolean allActive) {
        SplittableRandom rnd = new SplittableRandom(42);
        ParamStore store = new ParamStore();
        Tcn tcn = new Tcn(store, "tcn", 3, new int[] {4, 4, 5}, 2, 0f, true);
        store.allocate();
        randomise(store, rnd);
        Var x = allActive ? input(rnd, 2, 12, 3) : input(rnd, 1, 8, 3);
        if (allActive) {
            makePositive(store, x, rnd);
        }
        SplittableRandom drop = new SplittableRandom(1);
        check(allActive).check(store, List.of(x), tape -> tcn.forward(tape, x, drop), 9);
    }

    /**
     * Float32 outputs of order one leave ~1e-6 of noise in each loss evaluation, so gradients
     * below ~1e-3 (common for weight-normalised v, whose gradient is projected orthogonal to v)
     * are judged on absolute error through a floor of 1e-2.
     */
    private static GradCheck check(boolean allActive) {
        return allActive ? new GradCheck(1e-2, 2e-2, 1e-2, 200) : new GradCheck(2e-3, 2e-2, 1e-2, 200);
    }

    /** Positive weights, biases and inputs keep every pre-activation positive. */
    private static void makePositive(ParamStore store, Var x, SplittableRandom rnd) {
        float[] w = store.values();
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) rnd.nextDouble(0.05, 0.4);
        }
        for (int i = 0; i < x.size(); i++) {
            x.v[x.vo + i] = (float) rnd.nextDouble(0, 1);
        }
    }

    @Test
    void swapTimeBatch() {
        SplittableRandom rnd = new SplittableRandom(3);
        Var x = input(rnd, 3, 2, 4);
        GradCheck.standard().check(null, List.of(x), tape -> Tcn.swapTimeBatch(tape, x), 1);
        Var y = Tcn.swapTimeBatch(recur.tensor.Tape.inference(), x);
        assertEquals(x.get((2 * 2 + 1) * 4 + 3), y.get((1 * 3 + 2) * 4 + 3));
    }
}
