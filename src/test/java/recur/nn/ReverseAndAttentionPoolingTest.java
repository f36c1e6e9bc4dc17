package recur.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import recur.tensor.GradCheck;
import recur.tensor.Tape;
import recur.tensor.Var;

class ReverseAndAttentionPoolingTest {
    private static Var random(SplittableRandom r, int... shape) {
        float[] v = new float[Var.sizeOf(shape)];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return Var.of(v, shape);
    }

    @Test
    void reverseWithinEachLengthLeavesPaddingAndUndoesItself() {
        // (T=3, B=2, F=1): lengths 2 and 3
        Var x = Var.constant(new float[] {1, 10, 2, 20, 0, 30}, 3, 2, 1);
        Var y = Reverse.apply(Tape.inference(), x, new int[] {2, 3});
        assertArrayEquals(new float[] {2, 30, 1, 20, 0, 10}, y.v, 0f);
        assertArrayEquals(x.v, Reverse.apply(Tape.inference(), y, new int[] {2, 3}).v, 0f);
    }

    @Test
    void reverseGradient() {
        Var x = random(new SplittableRandom(3), 5, 3, 2);
        GradCheck.standard().check(null, List.of(x), tape -> Reverse.apply(tape, x, new int[] {5, 2, 0}), 1);
    }

    @Test
    void attentionPoolingIgnoresPaddingAndMatchesASingleRow() {
        SplittableRandom r = new SplittableRandom(4);
        Var x = random(r, 4, 2, 3);
        Var q = random(r, 3);
        int[] lengths = {2, 4};
        Var batched = AttentionPooling.apply(Tape.inference(), x, lengths, q).context();
        // row 0 alone, with only its two real steps: the same vector
        float[] row = new float[2 * 3];
        for (int t = 0; t < 2; t++) {
            System.arraycopy(x.v, (t * 2) * 3, row, t * 3, 3);
        }
        Var alone = AttentionPooling.apply(Tape.inference(), Var.constant(row, 2, 1, 3), new int[] {2}, q).context();
        assertArrayEquals(alone.v, java.util.Arrays.copyOf(batched.v, 3), 1e-6f);
        float[] w = AttentionPooling.apply(Tape.inference(), x, lengths, q).weights().v;
        assertEquals(0f, w[2]);
        assertEquals(0f, w[3]);
    }

    @Test
    void attentionPoolingGradients() {
        SplittableRandom r = new SplittableRandom(5);
        Var x = random(r, 4, 3, 3);
        Var q = random(r, 3);
        GradCheck.standard().check(null, List.of(x, q), tape -> AttentionPooling.apply(tape, x, new int[] {4, 1, 3}, q).context(), 2);
    }
}
