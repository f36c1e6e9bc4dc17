package recur.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import recur.tensor.ParamStore;

class OptimizerTest {
    static ParamStore store(float[] w) {
        ParamStore ps = new ParamStore();
        ps.add("w", w.length);
        ps.allocate();
        System.arraycopy(w, 0, ps.values(), 0, w.length);
        return ps;
    }

    static void setGrad(ParamStore ps, float... g) {
        System.arraycopy(g, 0, ps.grads(), 0, g.length);
    }

    @Test
    void plainSgd() {
        ParamStore ps = store(new float[] {1, -2});
        setGrad(ps, 0.5f, -1);
        Sgd.plain().step(ps, 0.1);
        assertArrayEquals(new float[] {0.95f, -1.9f}, ps.values(), 1e-7f);
    }

    @Test
    void sgdMomentumNesterovAndWeightDecay() {
        // hand computation: w=1, g=1 then g=2, mu=0.9, wd=0.1, lr=0.5
        ParamStore ps = store(new float[] {1});
        Sgd opt = new Sgd(0.9, false, 0.1);
        setGrad(ps, 1);
        opt.step(ps, 0.5); // g'=1.1, buf=1.1, w=1-0.55=0.45
        assertEquals(0.45f, ps.values()[0], 1e-6f);
        setGrad(ps, 2);
        opt.step(ps, 0.5); // g'=2.045, buf=0.99+2.045=3.035, w=0.45-1.5175=-1.0675
        assertEquals(-1.0675f, ps.values()[0], 1e-6f);

        ParamStore pn = store(new float[] {1});
        Sgd nest = new Sgd(0.9, true, 0);
        setGrad(pn, 1);
        nest.step(pn, 0.5); // buf=1, step=1+0.9=1.9, w=0.05
        assertEquals(0.05f, pn.values()[0], 1e-6f);
        setGrad(pn, 2);
        nest.step(pn, 0.5); // buf=0.9+2=2.9, step=2+2.61=4.61, w=0.05-2.305
        assertEquals(-2.255f, pn.values()[0], 1e-6f);
    }

    @Test
    void adamFirstStepsByHand() {
        ParamStore ps = store(new float[] {1});
        Adam opt = Adam.adam(0.9, 0.999, 1e-8, 0);
        setGrad(ps, 2);
        opt.step(ps, 0.1); // m̂ = 2, v̂ = 4 → step = 0.1·2/(2+1e-8)
        assertEquals(0.9f, ps.values()[0], 1e-6f);
        setGrad(ps, -1);
        opt.step(ps, 0.1);
        double m = 0.9 * 0.2 + 0.1 * -1;
        double v = 0.999 * 0.004 + 0.001 * 1;
        double expected = 0.9 - 0.1 * (m / (1 - 0.81)) / (Math.sqrt(v / (1 - 0.999 * 0.999)) + 1e-8);
        assertEquals(expected, ps.values()[0], 1e-6);
        assertEquals(2, opt.steps());
    }

    @Test
    void adamWDecaysDecoupled() {
        ParamStore ps = store(new float[] {2});
        Adam opt = Adam.adamW(0.9, 0.999, 1e-8, 0.5);
        setGrad(ps, 3);
        opt.step(ps, 0.1); // w·(1−0.05) − 0.1·1
        assertEquals(2 * 0.95 - 0.1, ps.values()[0], 1e-6);
        ParamStore pl = store(new float[] {2});
        Adam l2 = Adam.adam(0.9, 0.999, 1e-8, 0.5);
        setGrad(pl, 3);
        l2.step(pl, 0.1); // the L2 term only changes the gradient, whose sign Adam's first step keeps
        assertEquals(1.9, pl.values()[0], 1e-6);
    }

    /**
     * Fixed entries (--freeze-emb's rows) keep their values under every optimiser, even with a
     * gradient and weight decay (AdamW's decoupled shrinking would pull them to 0), and their state
     * stays zero; the free entries move exactly as they do without any fixed entry.
     */
    @Test
    void fixedEntriesAreNeitherUpdatedNorDecayed() {
        float[] w0 = {0.5f, -1.5f, 2f, 0.25f, -0.75f, 1f};
        float[] g = {0.1f, -0.2f, 0.3f, 0.4f, -0.5f, 0.6f};
        // a table of three rows of width 2 at offset 0: row 1 (entries 2, 3) is fixed
        Fixed fixed = Fixed.rows(0, 2, new boolean[] {false, true, false});
        List<Supplier<Optimizer>> kinds = List.of(() -> Adam.adamW(0.9, 0.999, 1e-8, 0.1), () -> Adam.adam(0.9, 0.999, 1e-8, 0.1),
                () -> new Sgd(0.9, true, 0.1), () -> new Sgd(0, false, 0.1));
        for (Supplier<Optimizer> make : kinds) {
            ParamStore all = store(w0);
            ParamStore kept = store(w0);
            Optimizer free = make.get();
            Optimizer held = make.get();
            held.keepFixed(fixed);
            for (int k = 0; k < 3; k++) {
                setGrad(all, g);
                setGrad(kept, g);
                free.step(all, 0.5);
                held.step(kept, 0.5);
            }
            String name = held.stateScalars().toString();
            for (int i = 0; i < w0.length; i++) {
                boolean isFixed = i == 2 || i == 3;
                assertEquals(isFixed ? w0[i] : all.values()[i], kept.values()[i], 0f, name + " entry " + i);
                if (!isFixed) {
                    assertNotEquals(w0[i], kept.values()[i], name + " entry " + i + " moves");
                }
                for (float[] state : held.stateTensors().values()) {
                    if (isFixed) {
                        assertEquals(0f, state[i], name + " keeps no state for entry " + i);
                    }
                }
            }
        }
    }

    @Test
    void fixedRowsBecomeRangesAndTheirComplement() {
        Fixed f = Fixed.rows(10, 3, new boolean[] {true, true, false, true, false});
        assertArrayEquals(new int[] {0, 10, 16, 19, 22, 30}, f.free(30), "rows 0-1 merged, row 3 alone");
        assertTrue(f.contains(10) && f.contains(15) && !f.contains(16) && f.contains(21) && !f.contains(22));
        assertArrayEquals(new int[] {0, 7}, Fixed.NONE.free(7));
        assertArrayEquals(new int[] {0, 3}, Fixed.rows(3, 2, new boolean[] {true}).free(5));
        assertTrue(Fixed.rows(0, 4, new boolean[3]).isEmpty());
        assertThrows(IllegalArgumentException.class, () -> f.free(20), "a set from a larger model");
    }

    /** Running k steps, saving, restoring into a fresh optimiser and continuing gives the same bits. */
    void checkResume(Supplier<Optimizer> make) {
        float[] w0 = {0.3f, -0.7f, 1.1f, 0.05f};
        ParamStore a = store(w0);
        Optimizer oa = make.get();
        for (int s = 0; s < 6; s++) {
            setGrad(a, (float) Math.sin(s), (float) Math.cos(s), s * 0.1f, -0.2f);
            oa.step(a, 0.01 * (s + 1));
        }
        ParamStore b = store(w0);
        Optimizer ob = make.get();
        Map<String, float[]> saved = null;
        Map<String, Object> scalars = null;
        for (int s = 0; s < 6; s++) {
            if (s == 3) {
                saved = new HashMap<>();
                for (var e : ob.stateTensors().entrySet()) {
                    saved.put(e.getKey(), e.getValue().clone());
                }
                // numbers come back from JSON as Integer / Double
                scalars = new HashMap<>();
                for (var e : ob.stateScalars().entrySet()) {
                    Object v = e.getValue();
                    scalars.put(e.getKey(), v instanceof Long l ? (Object) l.intValue() : v);
                }
                ob = make.get();
                ob.restore(saved, scalars);
            }
            setGrad(b, (float) Math.sin(s), (float) Math.cos(s), s * 0.1f, -0.2f);
            ob.step(b, 0.01 * (s + 1));
        }
        assertArrayEquals(a.values(), b.values(), 0f);
        assertEquals(oa.steps(), ob.steps());
    }

    @Test
    void stateRestoresBitIdentically() {
        checkResume(() -> new Sgd(0.9, true, 1e-3));
        checkResume(Sgd::plain);
        checkResume(() -> Adam.adam(0.9, 0.999, 1e-8, 1e-4));
        checkResume(() -> Adam.adamW(0.8, 0.99, 1e-6, 0.01));
    }

    @Test
    void restoreRejectsOtherType() {
        Adam a = Adam.adam(0.9, 0.999, 1e-8, 0);
        assertThrows(IllegalArgumentException.class,
                () -> a.restore(Map.of(), new Sgd(0.5, false, 0).stateScalars()));
    }

    @Test
    void clipByGlobalNorm() {
        ParamStore ps = new ParamStore();
        ps.add("a", 1);
        ps.add("b", 1);
        ps.allocate();
        setGrad(ps, 3, 4);
        assertEquals(5, GradClip.clipGradNorm(ps, 1), 1e-12);
        assertEquals(1, GradClip.gradNorm(ps), 1e-5);
        assertEquals(0.6f, ps.grads()[0], 1e-6f);
        setGrad(ps, 0.3f, 0.4f);
        GradClip.clipGradNorm(ps, 1);
        assertArrayEquals(new float[] {0.3f, 0.4f}, ps.grads(), 0f);
        setGrad(ps, Float.NaN, 1);
        assertEquals(true, Double.isNaN(GradClip.clipGradNorm(ps, 1)));
    }

    @Test
    void rejectsBadHyperparameters() {
        assertThrows(IllegalArgumentException.class, () -> new Sgd(1.0, false, 0));
        assertThrows(IllegalArgumentException.class, () -> new Sgd(0, true, 0));
        assertThrows(IllegalArgumentException.class, () -> Adam.adam(1.0, 0.999, 1e-8, 0));
        assertThrows(IllegalArgumentException.class, () -> Adam.adamW(0.9, 0.999, 0, 0));
    }
}
