package recur.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import recur.tensor.GradCheck;
import recur.tensor.ParamStore;
import recur.tensor.Tape;
import recur.tensor.Var;

class AttentionTest {
    static final int T = 4, B = 3, H = 3, HV = 2, A = 5;
    static final int[] LENGTHS = {4, 2, 0};

    @Test
    void dotAttentionByHand() {
        // B=1, T=2, H=1: scores q·k = 1·0 and 1·ln 3 → weights 1/4, 3/4
        Var q = Var.constant(new float[] {1}, 1, 1);
        Var k = Var.constant(new float[] {0, (float) Math.log(3)}, 2, 1, 1);
        Var v = Var.constant(new float[] {4, 8}, 2, 1, 1);
        Attention.Result r = Attention.dot(Tape.inference(), q, k, v, new int[] {2});
        assertArrayEquals(new float[] {0.25f, 0.75f}, r.weights().v, 1e-6f);
        assertEquals(7f, r.context().get(0), 1e-5f);
        Attention.Result masked = Attention.dot(Tape.inference(), q, k, v, new int[] {1});
        assertArrayEquals(new float[] {1, 0}, masked.weights().v, 0f);
        assertEquals(4f, masked.context().get(0), 1e-6f);
    }

    /** Both outputs in one tensor, so the check covers gradients arriving through either. */
    static Var both(Tape tape, Attention.Result r) {
        return Concat.concat(tape, r.context(), r.weights());
    }

    @Test
    void dotGradients() {
        SplittableRandom rnd = new SplittableRandom(16);
        Var q = TestData.input(rnd, 1, B, H);
        Var k = TestData.input(rnd, 1, T, B, H);
        Var v = TestData.input(rnd, 1, T, B, HV);
        GradCheck.standard().check(null, List.of(q, k, v), tape -> both(tape, Attention.dot(tape, q, k, v, LENGTHS)), 1);
    }

    @Test
    void generalGradients() {
        SplittableRandom rnd = new SplittableRandom(17);
        ParamStore ps = new ParamStore();
        ParamStore.Param w = ps.add("w", H, 2);
        ps.allocate();
        TestData.fill(ps, rnd, 1);
        Var q = TestData.input(rnd, 1, B, 2);
        Var k = TestData.input(rnd, 1, T, B, H);
        Var v = TestData.input(rnd, 1, T, B, HV);
        GradCheck.standard().check(ps, List.of(q, k, v),
                tape -> both(tape, Attention.general(tape, q, k, v, LENGTHS, ps.var(w))), 2);
    }

    @Test
    void additiveGradients() {
        SplittableRandom rnd = new SplittableRandom(18);
        ParamStore ps = new ParamStore();
        ParamStore.Param wq = ps.add("wq", A, 2);
        ParamStore.Param wk = ps.add("wk", A, H);
        ParamStore.Param bk = ps.add("bk", A);
        ParamStore.Param va = ps.add("v", A);
        ps.allocate();
        TestData.fill(ps, rnd, 1);
        Var q = TestData.input(rnd, 1, B, 2);
        Var k = TestData.input(rnd, 1, T, B, H);
        Var v = TestData.input(rnd, 1, T, B, HV);
        GradCheck.standard().check(ps, List.of(q, k, v), tape -> {
            Var pk = Linear.apply(tape, k, ps.var(wk), ps.var(bk));
            return both(tape, Attention.additive(tape, q, pk, v, LENGTHS, ps.var(wq), ps.var(va)));
        }, 3);
    }
}
