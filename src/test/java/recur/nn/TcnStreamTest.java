package recur.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import recur.tensor.ParamStore;
import recur.tensor.Tape;
import recur.tensor.Var;

/** Step-at-a-time inference gives what the whole-sequence forward gives, step by step. */
class TcnStreamTest {

    @ParameterizedTest(name = "K={0} weightNorm={1}")
    @CsvSource({"2, true", "3, false", "3, true", "1, true"})
    void stepsMatchTheWholeSequence(int k, boolean weightNorm) {
        SplittableRandom rnd = new SplittableRandom(k);
        ParamStore store = new ParamStore();
        Tcn tcn = new Tcn(store, "tcn", 3, new int[] {5, 5, 4}, k, 0.3f, weightNorm);
        store.allocate();
        TcnGradTest.randomise(store, rnd);
        int nb = 2;
        int nt = 23;
        Var x = TcnGradTest.input(rnd, nb, nt, 3);
        Var y = tcn.forward(Tape.inference(), x, null);
        Tcn.Stream stream = tcn.stream(nb);
        for (int pass = 0; pass < 2; pass++) {
            float[] step = new float[nb * 3];
            for (int t = 0; t < nt; t++) {
                for (int b = 0; b < nb; b++) {
                    System.arraycopy(x.v, (b * nt + t) * 3, step, b * 3, 3);
                }
                float[] out = stream.step(step, 0);
                for (int b = 0; b < nb; b++) {
                    for (int c = 0; c < 4; c++) {
                        float e = y.v[(b * nt + t) * 4 + c];
                        assertEquals(e, out[b * 4 + c], 1e-5 * Math.max(1, Math.abs(e)), "b " + b + " t " + t + " c " + c);
                    }
                }
            }
            stream.reset();
        }
    }
}
