package recur.model;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import recur.tensor.GradCheck;

/** The whole language model's gradients, with a carried state, agree with finite differences. */
class RecurrentLmTest {
    private static LmState randomState(RecurrentLm m, int batch, long seed) {
        LmState s = m.newState(batch);
        SplittableRandom r = new SplittableRandom(seed);
        for (float[] f : s.floats) {
            for (int i = 0; i < f.length; i++) {
                f[i] = (float) r.nextDouble(-0.5, 0.5);
            }
        }
        return s;
    }

    private static LmState copy(LmState s) {
        LmState c = new LmState();
        for (float[] f : s.floats) {
            c.floats.add(f.clone());
        }
        return c;
    }

    @Test
    void gradientsHoldWithACarriedState() {
        for (String cell : List.of("lstm", "gru", "rnn", "cifg")) {
            RecurrentLm m = new RecurrentLm(new LmArchitecture(cell, 7, 5, 6, 2, 0f, false, 0, 0));
            m.init(new SplittableRandom(1), false, 1f);
            int steps = 4;
            int batch = 3;
            int[] ids = new SplittableRandom(2).ints(steps * batch, 0, 7).toArray();
            LmState start = randomState(m, batch, 3);
            // each evaluation starts from its own copy of the same state, as a window does
            GradCheck.standard().check(m.params(), List.of(),
                    tape -> m.forward(tape, ids, steps, batch, copy(start), null), 4);
        }
    }
}
