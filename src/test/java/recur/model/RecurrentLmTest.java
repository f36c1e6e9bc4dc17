package recur.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import recur.nn.SoftmaxCrossEntropy;
import recur.tensor.GradCheck;
import recur.tensor.Tape;

/**
 * The whole language model's gradients, with a carried state, agree with finite differences; its
 * fused loss agrees with the cross-entropy of its logits.
 */
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

    @Test
    void fusedLossEqualsCrossEntropyOfTheLogits() {
        for (boolean tied : new boolean[] {false, true}) {
            RecurrentLm m = new RecurrentLm(new LmArchitecture("lstm", 9, 6, 6, 2, 0f, tied, 0, 0));
            m.init(new SplittableRandom(5), false, 0f);
            int steps = 5;
            int batch = 3;
            int[] ids = new SplittableRandom(6).ints(steps * batch, 0, 9).toArray();
            int[] targets = new SplittableRandom(7).ints(steps * batch, 0, 9).toArray();
            LmState start = randomState(m, batch, 8);
            double[] nll = new double[2];
            float[][] grads = new float[2][];
            LmState[] ends = new LmState[2];
            for (int fused = 0; fused < 2; fused++) {
                m.params().zeroGrad();
                Tape tape = Tape.training();
                ends[fused] = copy(start);
                SoftmaxCrossEntropy.Loss loss = fused == 1
                        ? m.loss(tape, ids, targets, steps, batch, ends[fused], null)
                        : SoftmaxCrossEntropy.apply(tape, m.forward(tape, ids, steps, batch, ends[fused], null), targets,
                                SoftmaxCrossEntropy.NO_IGNORE, 0f);
                loss.loss().g()[0] = 1;
                tape.backward();
                nll[fused] = loss.nllSum();
                grads[fused] = m.params().grads().clone();
            }
            assertEquals(nll[0], nll[1], 1e-5 * nll[0], "tied " + tied);
            double scale = 0;
            for (float g : grads[0]) {
                scale = Math.max(scale, Math.abs(g));
            }
            for (int i = 0; i < grads[0].length; i++) {
                assertEquals(grads[0][i], grads[1][i], 1e-5 * scale, "tied " + tied + " gradient " + i);
            }
            assertEquals(ends[0].floats.size(), ends[1].floats.size());
            for (int k = 0; k < ends[0].floats.size(); k++) {
                org.junit.jupiter.api.Assertions.assertArrayEquals(ends[0].floats.get(k), ends[1].floats.get(k), "carried state");
            }
            GradCheck.standard().check(m.params(), List.of(),
                    tape -> m.loss(tape, ids, targets, steps, batch, copy(start), null).loss(), 9);
        }
    }
}
