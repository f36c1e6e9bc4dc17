package recur.decode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import recur.model.Seq2SeqStepModel;

class GreedyTranslationTest {
    /** Emits its source, one id per step, then EOS (id 0); BOS is id 1. Probability 0.9 for the right id. */
    static final class CopyModel implements Seq2SeqStepModel {
        final int v;

        CopyModel(int v) {
            this.v = v;
        }

        record Mem(int[][] src) implements Memory {
            public int size() {
                return src.length;
            }

            public int length(int i) {
                return src[i].length;
            }
        }

        static final class Rows implements State {
            final int[][] src;
            final int[] pos;

            Rows(int cap) {
                src = new int[cap][];
                pos = new int[cap];
            }

            public int capacity() {
                return pos.length;
            }

            public void reorder(int m, int[] from) {
                int[][] s = new int[m][];
                int[] p = new int[m];
                for (int r = 0; r < m; r++) {
                    s[r] = src[from[r]];
                    p[r] = pos[from[r]];
                }
                System.arraycopy(s, 0, src, 0, m);
                System.arraycopy(p, 0, pos, 0, m);
            }
        }

        public int targetVocabSize() {
            return v;
        }

        public int bos() {
            return 1;
        }

        public int eos() {
            return 0;
        }

        public Memory encode(int[][] sources) {
            return new Mem(sources);
        }

        public State newState(int capacity) {
            return new Rows(capacity);
        }

        public void start(State state, int row, Memory memory, int index) {
            Rows rows = (Rows) state;
            rows.src[row] = ((Mem) memory).src[index];
            rows.pos[row] = 0;
        }

        public void step(int m, int[] ids, State state, float[] logProbs, int[] attention) {
            Rows rows = (Rows) state;
            for (int r = 0; r < m; r++) {
                int p = rows.pos[r]++;
                int want = p < rows.src[r].length ? rows.src[r][p] : 0;
                float rest = (float) Math.log(0.1 / (v - 1));
                Arrays.fill(logProbs, r * v, (r + 1) * v, rest);
                logProbs[r * v + want] = (float) Math.log(0.9);
            }
        }
    }

    @Test
    void copiesEachSourceAndStopsAtEosOrTheLimit() {
        int[][] sources = {{2, 3, 4}, {5}, {6, 7, 8, 9}};
        GreedyTranslation.Result[] out =
                GreedyTranslation.decode(new CopyModel(10), sources, new int[] {10, 10, 2});
        assertArrayEquals(new int[] {2, 3, 4}, out[0].ids());
        assertArrayEquals(new int[] {5}, out[1].ids());
        assertArrayEquals(new int[] {6, 7}, out[2].ids());
        assertEquals(4 * Math.log(0.9), out[0].logProb(), 1e-5);
        assertEquals(2 * Math.log(0.9), out[2].logProb(), 1e-5);
    }
}
