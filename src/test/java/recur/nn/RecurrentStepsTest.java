package recur.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import recur.tensor.GradCheck;
import recur.tensor.ParamStore;
import recur.tensor.Tape;
import recur.tensor.Var;

class RecurrentStepsTest {
    static final int T = 4, B = 3, I = 5, H = 4, L = 2;

    /** Runs the steps over x (T, B, I), each step's input a slice, and returns the outputs (T, B, H) and final states. */
    static Var run(Tape tape, Recurrent net, ParamStore ps, Var x, Var h0, Var c0) {
        RecurrentSteps steps = new RecurrentSteps(tape, net, ps.values(), ps.grads(), T, B, h0, c0, 0f, null);
        List<Var> parts = new ArrayList<>();
        for (int t = 0; t < T; t++) {
            Var xt = Var.view(x.v, x.g(), x.vo + t * B * I, B, I);
            parts.add(steps.step(tape, xt));
        }
        parts.add(steps.state());
        if (steps.cellState() != null) {
            parts.add(steps.cellState());
        }
        List<Var> flat = new ArrayList<>();
        for (Var p : parts) {
            flat.add(Var.view(p.v, p.g(), p.vo, 1, p.size()));
        }
        return Concat.concat(tape, flat.toArray(new Var[0]));
    }

    @ParameterizedTest
    @ValueSource(strings = {"gru", "lstm", "cifg"})
    void equalsTheWholeSequenceLayerAndHasItsGradients(String name) {
        RecurrentCell cell = RecurrentCell.parse(name);
        ParamStore ps = new ParamStore();
        Recurrent net = new Recurrent(ps, "rnn.", cell, I, H, L, false);
        ps.allocate();
        SplittableRandom rnd = new SplittableRandom(5);
        net.init(rnd);
        Var x = TestData.input(rnd, 1, T, B, I);
        Var h0 = TestData.input(rnd, 1, L, B, H);
        Var c0 = cell.hasCellState() ? TestData.input(rnd, 1, L, B, H) : null;
        Recurrent.Output whole = net.forward(Tape.inference(), x, h0, c0);
        Var stepped = run(Tape.inference(), net, ps, x, h0, c0);
        for (int i = 0; i < whole.y().size(); i++) {
            assertEquals(whole.y().get(i), stepped.get(i), 1e-5, "output " + i);
        }
        for (int i = 0; i < whole.h().size(); i++) {
            assertEquals(whole.h().get(i), stepped.get(whole.y().size() + i), 1e-5, "h " + i);
        }
        List<Var> inputs = new ArrayList<>(List.of(x, h0));
        if (c0 != null) {
            inputs.add(c0);
        }
        GradCheck.standard().check(ps, inputs, tape -> run(tape, net, ps, x, h0, c0), 9);
    }
}
