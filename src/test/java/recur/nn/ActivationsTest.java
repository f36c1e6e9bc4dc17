package recur.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import recur.tensor.GradCheck;
import recur.tensor.Tape;
import recur.tensor.Var;

class ActivationsTest {
    @Test
    void values() {
        Var x = Var.constant(new float[] {-1, 0, 2}, 3);
        assertEquals(1 / (1 + Math.exp(1)), Activations.sigmoid(Tape.inference(), x).get(0), 1e-6);
        assertEquals(Math.tanh(2), Activations.tanh(Tape.inference(), x).get(2), 1e-6);
        assertEquals(0f, Activations.relu(Tape.inference(), x).get(0));
        assertEquals(2f, Activations.relu(Tape.inference(), x).get(2));
    }

    @Test
    void gradients() {
        SplittableRandom rnd = new SplittableRandom(12);
        Var a = TestData.input(rnd, 2, 3, 4);
        GradCheck.standard().check(null, List.of(a), tape -> Activations.sigmoid(tape, a), 1);
        Var b = TestData.input(rnd, 2, 3, 4);
        GradCheck.standard().check(null, List.of(b), tape -> Activations.tanh(tape, b), 2);
        // keep ReLU inputs away from the kink at 0, where differences are meaningless
        float[] v = TestData.uniform(rnd, 12, 1);
        for (int i = 0; i < v.length; i++) {
            v[i] += v[i] < 0 ? -0.1f : 0.1f;
        }
        Var c = Var.of(v, 3, 4);
        GradCheck.standard().check(null, List.of(c), tape -> Activations.relu(tape, c), 3);
    }
}
