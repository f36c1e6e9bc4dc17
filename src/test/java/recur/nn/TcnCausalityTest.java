package recur.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import recur.tensor.ParamStore;
import recur.tensor.Tape;
import recur.tensor.Var;

/** No output sees the future, and each output sees exactly the receptive field's span of the past. */
class TcnCausalityTest {

    @ParameterizedTest(name = "K={0} levels={1}")
    @CsvSource({"2, 3", "3, 3", "2, 4", "3, 2"})
    void changingOneStepChangesNothingBeforeIt(int k, int levels) {
        SplittableRandom rnd = new SplittableRandom(k * 10 + levels);
        ParamStore store = new ParamStore();
        int[] ch = new int[levels];
        java.util.Arrays.fill(ch, 4);
        Tcn tcn = new Tcn(store, "tcn", 3, ch, k, 0.2f, true);
        store.allocate();
        tcn.init(rnd);
        int nb = 2;
        int nt = 20;
        Var x = TcnGradTest.input(rnd, nb, nt, 3);
        float[] before = tcn.forward(Tape.inference(), x, null).v.clone();
        for (int t = 0; t < nt; t++) {
            Var x2 = Var.of(x.v.clone(), nb, nt, 3);
            for (int b = 0; b < nb; b++) {
                for (int c = 0; c < 3; c++) {
                    x2.v[(b * nt + t) * 3 + c] += 0.5f;
                }
            }
            float[] after = tcn.forward(Tape.inference(), x2, null).v;
            for (int b = 0; b < nb; b++) {
                for (int s = 0; s < t; s++) {
                    for (int c = 0; c < 4; c++) {
                        int i = (b * nt + s) * 4 + c;
                        assertEquals(before[i], after[i], "output at " + s + " changed with input at " + t);
                    }
                }
                boolean changed = false;
                for (int c = 0; c < 4; c++) {
                    int i = (b * nt + t) * 4 + c;
                    changed |= before[i] != after[i];
                }
                assertTrue(changed, "output at " + t + " ignores the input at " + t);
            }
        }
    }

    /**
     * With every ReLU active (positive weights, biases and inputs) no path is cut, so the inputs
     * with a non-zero gradient for output step t are exactly t − RF + 1 … t.
     */
    @ParameterizedTest(name = "K={0} levels={1}")
    @CsvSource({"2, 1", "2, 3", "3, 3", "2, 4", "4, 2"})
    void receptiveFieldMatchesObservedSpan(int k, int levels) {
        SplittableRandom rnd = new SplittableRandom(k * 10 + levels);
        ParamStore store = new ParamStore();
        int[] ch = new int[levels];
        java.util.Arrays.fill(ch, 3);
        ch[0] = 2;
        Tcn tcn = new Tcn(store, "tcn", 2, ch, k, 0f, levels % 2 == 0);
        store.allocate();
        float[] w = store.values();
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) rnd.nextDouble(0.05, 0.5);
        }
        int rf = tcn.receptiveField();
        assertEquals(1 + 2 * (k - 1) * ((1 << levels) - 1), rf);
        int nt = rf + 7;
        int cin = 2;
        float[] xv = new float[nt * cin];
        for (int i = 0; i < xv.length; i++) {
            xv[i] = (float) rnd.nextDouble(0.1, 1);
        }
        for (int tOut : new int[] {nt - 1, rf - 1, rf / 2}) {
            Var x = Var.of(xv.clone(), 1, nt, cin);
            Tape tape = Tape.training();
            Var y = tcn.forward(tape, x, rnd);
            int cout = tcn.outputSize();
            for (int c = 0; c < cout; c++) {
                y.g()[y.go() + tOut * cout + c] = 1f;
            }
            tape.backward();
            int first = -1;
            int last = -1;
            for (int t = 0; t < nt; t++) {
                boolean dep = false;
                for (int c = 0; c < cin; c++) {
                    dep |= x.g()[x.go() + t * cin + c] != 0f;
                }
                if (dep) {
                    if (first < 0) {
                        first = t;
                    }
                    last = t;
                }
            }
            assertEquals(Math.max(0, tOut - rf + 1), first, "earliest input output " + tOut + " depends on");
            assertEquals(tOut, last, "latest input output " + tOut + " depends on");
            assertNotEquals(-1, first);
        }
    }
}
