package recur.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import org.junit.jupiter.api.Test;

class LrScheduleTest {
    @Test
    void constant() {
        assertEquals(0.3, LrSchedule.constant(0.3).lr(100, 5));
        assertThrows(IllegalArgumentException.class, () -> LrSchedule.constant(0));
    }

    @Test
    void stepDecayEveryAndFrom() {
        StepDecay every = StepDecay.every(1, 0.5, 2);
        assertEquals(1, every.lr(0, 0));
        assertEquals(1, every.lr(0, 1));
        assertEquals(0.5, every.lr(0, 2));
        assertEquals(0.5, every.lr(0, 3));
        assertEquals(0.25, every.lr(0, 4));
        // Zaremba: epochs 0..3 at 1, then halve every epoch
        StepDecay zaremba = StepDecay.from(1, 0.5, 4);
        assertEquals(1, zaremba.lr(0, 3));
        assertEquals(0.5, zaremba.lr(0, 4));
        assertEquals(0.25, zaremba.lr(0, 5));
    }

    @Test
    void plateauDividesWhenValidationStalls() {
        PlateauDecay p = new PlateauDecay(20, 4, 0, 0);
        p.epochEnd(0, 5.0);
        assertEquals(20, p.lr(0, 1));
        p.epochEnd(1, 4.0);
        assertEquals(20, p.lr(0, 2));
        p.epochEnd(2, 4.5);
        assertEquals(5, p.lr(0, 3));
        var saved = new HashMap<String, Object>(p.state());
        PlateauDecay q = new PlateauDecay(20, 4, 0, 0);
        q.restore(saved);
        q.epochEnd(3, 4.0); // not better than the best 4.0
        assertEquals(1.25, q.lr(0, 4));
        assertEquals(4.0, q.best());

        PlateauDecay patient = new PlateauDecay(1, 2, 1, 0.3);
        patient.epochEnd(0, 1);
        patient.epochEnd(1, 2);
        assertEquals(1, patient.lr(0, 2));
        patient.epochEnd(2, 2);
        assertEquals(0.5, patient.lr(0, 3));
        patient.epochEnd(3, 2);
        patient.epochEnd(4, 2);
        assertEquals(0.3, patient.lr(0, 5));
    }

    @Test
    void warmupThenDecay() {
        WarmupDecay lin = new WarmupDecay(1, 4, 12, WarmupDecay.Decay.LINEAR);
        assertEquals(0.25, lin.lr(0, 0));
        assertEquals(1, lin.lr(3, 0));
        assertEquals(1, lin.lr(4, 0));
        assertEquals(0.5, lin.lr(8, 0));
        assertEquals(0, lin.lr(12, 0));
        assertEquals(0, lin.lr(20, 0));
        WarmupDecay inv = new WarmupDecay(1, 4, 0, WarmupDecay.Decay.INVERSE_SQRT);
        assertEquals(Math.sqrt(4.0 / 16), inv.lr(15, 0), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> new WarmupDecay(1, 4, 4, WarmupDecay.Decay.LINEAR));
    }
}
