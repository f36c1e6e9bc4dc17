package recur.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import recur.tensor.ParamStore;
import recur.tensor.Tape;
import recur.tensor.Var;

/** Naming, initialisation, state carrying and the inference path of {@link Recurrent}. */
class RecurrentTest {

    @Test
    void namesAndShapesFollowPyTorch() {
        ParamStore ps = new ParamStore();
        Recurrent lstm = new Recurrent(ps, "enc.", RecurrentCell.LSTM, 5, 3, 2, true);
        List<String> names = lstm.params().stream().map(ParamStore.Param::name).toList();
        assertEquals(List.of(
                "enc.weight_ih_l0", "enc.weight_hh_l0", "enc.bias_ih_l0", "enc.bias_hh_l0",
                "enc.weight_ih_l0_reverse", "enc.weight_hh_l0_reverse", "enc.bias_ih_l0_reverse", "enc.bias_hh_l0_reverse",
                "enc.weight_ih_l1", "enc.weight_hh_l1", "enc.bias_ih_l1", "enc.bias_hh_l1",
                "enc.weight_ih_l1_reverse", "enc.weight_hh_l1_reverse", "enc.bias_ih_l1_reverse", "enc.bias_hh_l1_reverse"),
                names);
        assertArrayEquals(new int[] {12, 5}, ps.get("enc.weight_ih_l0").shape());
        assertArrayEquals(new int[] {12, 6}, ps.get("enc.weight_ih_l1").shape());
        assertArrayEquals(new int[] {12, 3}, lstm.weightHh(1, true).shape());
        assertEquals(4, lstm.recurrentWeights().size());
        assertEquals(6, lstm.outputSize());
        ParamStore ps2 = new ParamStore();
        new Recurrent(ps2, "", RecurrentCell.CIFG, 5, 3, 1, false);
        assertArrayEquals(new int[] {9, 3}, ps2.get("weight_hh_l0").shape());
        assertThrows(IllegalArgumentException.class, () -> lstm.weightHh(2, false));
    }

    @Test
    void pyTorchInitAndForgetBias() {
        ParamStore ps = new ParamStore();
        Recurrent lstm = new Recurrent(ps, "", RecurrentCell.LSTM, 4, 16, 1, false);
        ps.allocate();
        lstm.init(new SplittableRandom(1));
        float[] w = ps.values();
        double max = 0;
        for (float v : w) {
            max = Math.max(max, Math.abs(v));
        }
        assertTrue(max <= 0.25 && max > 0.24, "uniform ±1/√16, max " + max);
        lstm.setForgetBias(1f);
        int bi = lstm.biasIh(0, false).offset(), bh = lstm.biasHh(0, false).offset();
        for (int j = 16; j < 32; j++) {
            assertEquals(1f, w[bi + j]);
            assertEquals(0f, w[bh + j]);
        }
        assertTrue(w[bi] != 1f);
        ParamStore ps2 = new ParamStore();
        Recurrent gru = new Recurrent(ps2, "", RecurrentCell.GRU, 4, 16, 1, false);
        ps2.allocate();
        assertThrows(IllegalArgumentException.class, () -> gru.setForgetBias(1f));
    }

    /** Truncated BPTT: two windows with the detached final state fed back equal one long run. */
    @ParameterizedTest
    @EnumSource(RecurrentCell.class)
    void windowsCarryState(RecurrentCell cell) {
        int T = 6, B = 2, I = 3, H = 4;
        ParamStore ps = new ParamStore();
        Recurrent rnn = new Recurrent(ps, "", cell, I, H, 2, false);
        ps.allocate();
        SplittableRandom rnd = new SplittableRandom(3);
        rnn.init(rnd);
        Var x = RecurrentGradTest.random(rnd, 1, T, B, I);
        Recurrent.Output whole = rnn.forward(Tape.inference(), x, null, null, null, 0f, null);
        int half = T / 2 * B * I;
        Var x1 = Var.constant(Arrays.copyOfRange(x.v, 0, half), T / 2, B, I);
        Var x2 = Var.constant(Arrays.copyOfRange(x.v, half, 2 * half), T / 2, B, I);
        Tape tape = Tape.training();
        Recurrent.Output a = rnn.forward(tape, x1, null, null, null, 0f, null);
        Recurrent.Output b = rnn.forward(tape, x2, a.hDetached(), a.cDetached(), null, 0f, null);
        float[] y = new float[T * B * H];
        System.arraycopy(a.y().v, 0, y, 0, y.length / 2);
        System.arraycopy(b.y().v, 0, y, y.length / 2, y.length / 2);
        assertArrayEquals(whole.y().v, y, 1e-6f);
        assertArrayEquals(whole.h().v, b.h().v, 1e-6f);
        if (cell.hasCellState()) {
            assertArrayEquals(whole.c().v, b.c().v, 1e-6f);
        } else {
            assertNull(b.c());
        }
        assertTrue(!b.hDetached().requiresGrad());
    }

    /** Training and inference tapes compute the same values; variable lengths zero the padding. */
    @ParameterizedTest
    @EnumSource(RecurrentCell.class)
    void inferenceMatchesTraining(RecurrentCell cell) {
        int T = 5, B = 3, I = 2, H = 3;
        ParamStore ps = new ParamStore();
        Recurrent rnn = new Recurrent(ps, "", cell, I, H, 2, true);
        ps.allocate();
        SplittableRandom rnd = new SplittableRandom(4);
        rnn.init(rnd);
        Var x = RecurrentGradTest.random(rnd, 1, T, B, I);
        int[] len = {5, 2, 3};
        Recurrent.Output tr = rnn.forward(Tape.training(), x, null, null, len, 0f, null);
        Recurrent.Output in = rnn.forward(Tape.inference(), x, null, null, len, 0.5f, null);
        assertArrayEquals(tr.y().v, in.y().v);
        assertArrayEquals(tr.h().v, in.h().v);
        for (int t = 0; t < T; t++) {
            for (int b = 0; b < B; b++) {
                for (int j = 0; j < 2 * H; j++) {
                    float v = in.y().v[(t * B + b) * 2 * H + j];
                    // relu may output an exact 0 inside a sequence too
                    assertTrue(t < len[b] ? v != 0f || cell == RecurrentCell.RNN_RELU : v == 0f, "t=" + t + " b=" + b);
                }
            }
        }
    }

    /** Buffers reused from earlier calls (other states, lengths, tapes) leave no trace in a result. */
    @ParameterizedTest
    @EnumSource(RecurrentCell.class)
    void reusedBuffersLeaveNoTrace(RecurrentCell cell) {
        int T = 4, B = 3, I = 2, H = 3, LD = 4;
        ParamStore used = new ParamStore(), fresh = new ParamStore();
        Recurrent a = new Recurrent(used, "", cell, I, H, 2, true);
        Recurrent b = new Recurrent(fresh, "", cell, I, H, 2, true);
        used.allocate();
        fresh.allocate();
        SplittableRandom rnd = new SplittableRandom(8);
        a.init(rnd);
        System.arraycopy(used.values(), 0, fresh.values(), 0, used.size());
        Var x = RecurrentGradTest.random(rnd, 1, T, B, I);
        Var h0 = RecurrentGradTest.random(rnd, 1, LD, B, H);
        Var c0 = cell.hasCellState() ? RecurrentGradTest.random(rnd, 1, LD, B, H) : null;
        for (int round = 0; round < 2; round++) {
            Tape tape = Tape.training();
            Recurrent.Output o = a.forward(tape, x, h0, c0, new int[] {2, 4, 1}, 0f, null);
            java.util.Arrays.fill(o.y().g(), 1f);
            java.util.Arrays.fill(o.h().g(), 1f);
            tape.backward();
            a.forward(Tape.inference(), x, h0, c0, null, 0f, null);
        }
        used.zeroGrad();
        Var xa = Var.of(x.v.clone(), T, B, I), xb = Var.of(x.v.clone(), T, B, I);
        Recurrent.Output[] outs = new Recurrent.Output[2];
        Var[] xs = {xa, xb};
        Recurrent[] rs = {a, b};
        for (int m = 0; m < 2; m++) {
            Tape tape = Tape.training();
            outs[m] = rs[m].forward(tape, xs[m], null, null, null, 0f, null);
            java.util.Arrays.fill(outs[m].y().g(), 0.5f);
            tape.backward();
        }
        assertArrayEquals(outs[1].y().v, outs[0].y().v);
        assertArrayEquals(outs[1].h().v, outs[0].h().v);
        assertArrayEquals(xb.g(), xa.g());
        assertArrayEquals(fresh.grads(), used.grads());
        Recurrent.Output inf = a.forward(Tape.inference(), x, null, null, null, 0f, null);
        assertArrayEquals(outs[1].y().v, inf.y().v);
    }
}
