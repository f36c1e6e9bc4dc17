package recur.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import recur.tensor.GradCheck;
import recur.tensor.ParamStore;
import recur.tensor.Tape;
import recur.tensor.Var;

class EmbeddingTest {
    @Test
    void looksUpRowsWithShape() {
        Var table = Var.constant(new float[] {0, 1, 10, 11, 20, 21}, 3, 2);
        Var y = Embedding.apply(Tape.inference(), table, new int[] {2, 0, 2, 1}, 2, 2);
        assertArrayEquals(new int[] {2, 2, 2}, y.shape);
        assertArrayEquals(new float[] {20, 21, 0, 1, 20, 21, 10, 11}, y.v, 0f);
    }

    @Test
    void backwardTouchesOnlyUsedRowsAndAccumulatesRepeats() {
        ParamStore ps = new ParamStore();
        ParamStore.Param t = ps.add("table", 4, 2);
        ps.allocate();
        Tape tape = Tape.training();
        Var y = Embedding.apply(tape, ps.var(t), new int[] {1, 3, 1});
        float[] dy = y.g();
        for (int i = 0; i < dy.length; i++) {
            dy[i] = i + 1;
        }
        tape.backward();
        assertArrayEquals(new float[] {0, 0, 1 + 5, 2 + 6, 0, 0, 3, 4}, ps.grads(), 0f);
    }

    @Test
    void gradientCheck() {
        SplittableRandom rnd = new SplittableRandom(3);
        ParamStore ps = new ParamStore();
        ParamStore.Param t = ps.add("table", 5, 3);
        ps.allocate();
        TestData.fill(ps, rnd, 1);
        int[] ids = {4, 0, 4, 2};
        GradCheck.standard().check(ps, List.of(), tape -> Embedding.apply(tape, ps.var(t), ids), 9);
    }

    @Test
    void outOfRangeIdIsNamed() {
        Var table = Var.constant(new float[6], 3, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Embedding.apply(Tape.inference(), table, new int[] {0, 3}));
        assertTrue(e.getMessage().contains("3"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Embedding.apply(Tape.inference(), table, new int[] {-1}));
    }
}
