package recur.decode;

import java.util.Arrays;
import recur.model.Seq2SeqStepModel;

/**
 * A step model for tests whose next-token distribution is any function of the source and the
 * tokens so far: EOS is id 0, BOS id 1. Its attention points at source position
 * (tokens so far) mod (source length). Counts its step calls and the rows they carried.
 */
public abstract class FnModel implements Seq2SeqStepModel {
    final int v;
    int steps;
    long rowsStepped;
    int widest;

    protected FnModel(int v) {
        this.v = v;
    }

    /** The probabilities (V, summing to 1) of the token after {@code prefix} given {@code src}. */
    protected abstract double[] probs(int[] src, int[] prefix);

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
        final int[][] prefix;

        Rows(int cap) {
            src = new int[cap][];
            prefix = new int[cap][];
        }

        public int capacity() {
            return src.length;
        }

        public void reorder(int m, int[] from) {
            int[][] s = new int[m][];
            int[][] p = new int[m][];
            for (int r = 0; r < m; r++) {
                s[r] = src[from[r]];
                p[r] = prefix[from[r]];
            }
            System.arraycopy(s, 0, src, 0, m);
            System.arraycopy(p, 0, prefix, 0, m);
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
        for (int[] s : sources) {
            if (s.length == 0) {
                throw new IllegalArgumentException("empty source");
            }
        }
        return new Mem(sources);
    }

    public State newState(int capacity) {
        return new Rows(capacity);
    }

    public void start(State state, int row, Memory memory, int index) {
        Rows rows = (Rows) state;
        rows.src[row] = ((Mem) memory).src[index];
        rows.prefix[row] = null;
    }

    public void step(int m, int[] ids, State state, float[] logProbs, int[] attention) {
        steps++;
        rowsStepped += m;
        widest = Math.max(widest, m);
        Rows rows = (Rows) state;
        for (int r = 0; r < m; r++) {
            int[] p = rows.prefix[r];
            if (p == null) {
                if (ids[r] != bos()) {
                    throw new AssertionError("first input is " + ids[r] + ", not BOS");
                }
                p = new int[0];
            } else {
                p = Arrays.copyOf(p, p.length + 1);
                p[p.length - 1] = ids[r];
            }
            rows.prefix[r] = p;
            double[] q = probs(rows.src[r], p);
            for (int w = 0; w < v; w++) {
                logProbs[r * v + w] = (float) Math.log(q[w]);
            }
            if (attention != null) {
                attention[r] = p.length % rows.src[r].length;
            }
        }
    }

    /**
     * Random distributions, a fixed function of (seed, source, prefix): peaked (logits with a
     * spread of {@code spread}), EOS more likely as the prefix grows.
     */
    public static FnModel random(int v, long seed, double spread) {
        return new FnModel(v) {
            @Override
            protected double[] probs(int[] src, int[] prefix) {
                long h = Seeds.mix(seed, Arrays.hashCode(src), Arrays.hashCode(prefix), prefix.length);
                java.util.SplittableRandom rnd = new java.util.SplittableRandom(h);
                double[] q = new double[v];
                double sum = 0;
                for (int w = 0; w < v; w++) {
                    double logit = rnd.nextGaussian() * spread;
                    if (w == 0) {
                        logit += 0.3 * prefix.length - 1;
                    }
                    if (w == 1) {
                        logit = Double.NEGATIVE_INFINITY;
                    }
                    q[w] = Math.exp(logit);
                    sum += q[w];
                }
                for (int w = 0; w < v; w++) {
                    q[w] /= sum;
                }
                return q;
            }
        };
    }
}
