package recur.model;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import recur.tensor.GradCheck;
import recur.tensor.Var;

/** TcnLm's window over a carried history: the slice of the last steps passes its gradient back. */
class TcnLmTest {
    private static LmState withHistory(TcnLm m, int batch, int vocab, long seed) {
        LmState s = m.newState(batch);
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = 0; i < s.history.length; i++) {
            s.history[i] = rnd.nextInt(vocab);
        }
        return s;
    }

    @Test
    void gradientsHoldWhenTheWindowFollowsAHistory() {
        int vocab = 7;
        TcnLm m = new TcnLm(new LmArchitecture("tcn", vocab, 5, 6, 2, 0f, false, 2, 4));
        m.init(new SplittableRandom(1));
        int steps = 3;
        int batch = 2;
        int[] ids = new SplittableRandom(2).ints(steps * batch, 0, vocab).toArray();
        // the forward runs over history + window (7 steps) and keeps the last 3: lastSteps slices from 4
        Var logits = m.forward(recur.tensor.Tape.inference(), ids, steps, batch, withHistory(m, batch, vocab, 3), null);
        assertTrue(logits.size() == steps * batch * vocab, "logits for the window's steps only");
        double err = GradCheck.standard().check(m.params(), List.of(),
                tape -> m.forward(tape, ids, steps, batch, withHistory(m, batch, vocab, 3), null), 5);
        assertTrue(err < 2e-2, "relative error " + err);
    }
}
