package recur.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import recur.tensor.GradCheck;
import recur.tensor.Tape;
import recur.tensor.Var;

class ConcatTest {
    @Test
    void concatAndSplitRoundTrip() {
        Var a = Var.constant(new float[] {1, 2, 3, 4}, 2, 2);
        Var b = Var.constant(new float[] {5, 6}, 2, 1);
        Var y = Concat.concat(Tape.inference(), a, b);
        assertArrayEquals(new int[] {2, 3}, y.shape);
        assertArrayEquals(new float[] {1, 2, 5, 3, 4, 6}, y.v, 0f);
        Var[] parts = Concat.split(Tape.inference(), y, 2, 1);
        assertArrayEquals(a.v, parts[0].v, 0f);
        assertArrayEquals(b.v, parts[1].v, 0f);
        assertThrows(IllegalArgumentException.class, () -> Concat.split(Tape.inference(), y, 2, 2));
        assertThrows(IllegalArgumentException.class,
                () -> Concat.concat(Tape.inference(), a, Var.constant(new float[3], 3, 1)));
    }

    @Test
    void gradients() {
        SplittableRandom rnd = new SplittableRandom(13);
        Var a = TestData.input(rnd, 1, 2, 3, 2);
        Var b = TestData.input(rnd, 1, 2, 3, 4);
        GradCheck.standard().check(null, List.of(a, b), tape -> Concat.concat(tape, a, b), 1);
        Var x = TestData.input(rnd, 1, 3, 5);
        // only the second part reaches the loss: the first part's columns get no gradient
        GradCheck.standard().check(null, List.of(x), tape -> Concat.split(tape, x, 2, 3)[1], 2);
        Var z = TestData.input(rnd, 1, 3, 5);
        GradCheck.standard().check(null, List.of(z), tape -> {
            Var[] p = Concat.split(tape, z, 1, 4);
            return Concat.concat(tape, p[1], p[0]);
        }, 3);
    }
}
