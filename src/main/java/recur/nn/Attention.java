package recur.nn;

import recur.tensor.Tape;
import recur.tensor.Var;
import recur.tensor.VecMath;

/**
 * Attention of one query per sequence over that sequence's time-major keys and values, with a
 * length mask: steps t ≥ lengths[b] get weight 0. Built from three primitives, each with its
 * own backward: scores (dot or additive), then {@link #attend} (masked softmax over time and
 * the weighted sum of values). Shapes: query (B, H), keys (T, B, H), values (T, B, Hv), as an
 * RNN encoder's (T, B, H) output; weights (B, T); context (B, Hv). A is the width of the
 * additive scorer.
 *
 * <ul>
 *   <li>dot (Luong): score = q·k
 *   <li>general (Luong): score = (W q)·k, W (H, Hq) applied to the query as {@link Linear}
 *       without bias (OpenNMT's {@code linear_in})
 *   <li>additive (Bahdanau): score = v·tanh(Wq q + Wk k). The key projection Wk k does not depend
 *       on the query, so the caller computes it once per source batch with {@link Linear} and
 *       passes the projected keys (T, B, A) for every decoder step.
 * </ul>
 */
public final class Attention {
    private Attention() {}

    /**
     * @param context (B, Hv)
     * @param weights (B, T): attention weights, 0 beyond each length
     */
    public record Result(Var context, Var weights) {}

    /** Dot-product attention: score[b, t] = q[b]·k[t, b]. */
    public static Result dot(Tape tape, Var query, Var keys, Var values, int[] lengths) {
        return attend(tape, dotScores(tape, query, keys), values, lengths);
    }

    /**
     * Luong's general attention: score[b, t] = (W q[b])·k[t, b].
     *
     * @param w (H, Hq), H the key width
     */
    public static Result general(Tape tape, Var query, Var keys, Var values, int[] lengths, Var w) {
        return attend(tape, dotScores(tape, Linear.apply(tape, query, w, null), keys), values, lengths);
    }

    /**
     * Bahdanau's additive attention: score[b, t] = v·tanh(Wq q[b] + pk[t, b]).
     *
     * @param projectedKeys (T, B, A): Wk·keys (plus any bias), e.g. {@code Linear.apply(tape, keys, wk, bk)}
     * @param wq (A, Hq)
     * @param v (A)
     */
    public static Result additive(Tape tape, Var query, Var projectedKeys, Var values, int[] lengths, Var wq, Var v) {
        return attend(tape, additiveScores(tape, Linear.apply(tape, query, wq, null), projectedKeys, v), values, lengths);
    }

    // ---- dot scores

    /**
     * @param query (B, H)
     * @param keys (T, B, H)
     * @return scores (B, T)
     */
    public static Var dotScores(Tape tape, Var query, Var keys) {
        if (keys.shape.length != 3 || query.shape.length != 2 || keys.dim(1) != query.dim(0) || keys.dim(2) != query.dim(1)) {
            throw new IllegalArgumentException("dot attention needs query (B, H) and keys (T, B, H), got "
                    + java.util.Arrays.toString(query.shape) + " and " + java.util.Arrays.toString(keys.shape));
        }
        int t = keys.dim(0);
        int b = keys.dim(1);
        int h = keys.dim(2);
        Var s = Var.zeros(b, t);
        dotScoresForward(s.v, 0, query.v, query.vo, keys.v, keys.vo, t, b, h);
        tape.record(() -> dotScoresBackward(
                query.requiresGrad() ? query.g() : null, query.requiresGrad() ? query.go() : 0,
                keys.requiresGrad() ? keys.g() : null, keys.requiresGrad() ? keys.go() : 0,
                s.g(), s.go(), query.v, query.vo, keys.v, keys.vo, t, b, h));
        return s;
    }

    /** s[b, t] = Σ_h q[b, h]·k[t, b, h], in double; s (B, T), q (B, H), k (T, B, H). */
    public static void dotScoresForward(float[] s, int so, float[] q, int qo, float[] k, int ko, int t, int b, int h) {
        for (int i = 0; i < b; i++) {
            for (int step = 0; step < t; step++) {
                s[so + i * t + step] = (float) VecMath.dot(q, qo + i * h, k, ko + (step * b + i) * h, h);
            }
        }
    }

    /** dq[b] += Σ_t ds[b, t]·k[t, b]; dk[t, b] += ds[b, t]·q[b]; null gradients are skipped. */
    public static void dotScoresBackward(float[] dq, int dqo, float[] dk, int dko, float[] ds, int dso,
                                         float[] q, int qo, float[] k, int ko, int t, int b, int h) {
        for (int i = 0; i < b; i++) {
            for (int step = 0; step < t; step++) {
                float g = ds[dso + i * t + step];
                if (g == 0f) {
                    continue;
                }
                int kr = (step * b + i) * h;
                if (dq != null) {
                    VecMath.axpy(k, ko + kr, dq, dqo + i * h, h, g);
                }
                if (dk != null) {
                    VecMath.axpy(q, qo + i * h, dk, dko + kr, h, g);
                }
            }
        }
    }

    // ---- additive scores

    /**
     * @param pq (B, A): projected query
     * @param pk (T, B, A): projected keys
     * @param v (A)
     * @return scores (B, T)
     */
    public static Var additiveScores(Tape tape, Var pq, Var pk, Var v) {
        if (pk.shape.length != 3 || pq.shape.length != 2 || pk.dim(1) != pq.dim(0) || pk.dim(2) != pq.dim(1)
                || v.size() != pq.dim(1)) {
            throw new IllegalArgumentException("additive attention needs projected query (B, A), keys (T, B, A) and v (A), got "
                    + java.util.Arrays.toString(pq.shape) + ", " + java.util.Arrays.toString(pk.shape) + " and "
                    + java.util.Arrays.toString(v.shape));
        }
        int t = pk.dim(0);
        int b = pk.dim(1);
        int a = pk.dim(2);
        Var s = Var.zeros(b, t);
        float[] hidden = new float[t * b * a];
        additiveScoresForward(s.v, 0, hidden, pq.v, pq.vo, pk.v, pk.vo, v.v, v.vo, t, b, a);
        tape.record(() -> additiveScoresBackward(
                pq.requiresGrad() ? pq.g() : null, pq.requiresGrad() ? pq.go() : 0,
                pk.requiresGrad() ? pk.g() : null, pk.requiresGrad() ? pk.go() : 0,
                v.requiresGrad() ? v.g() : null, v.requiresGrad() ? v.go() : 0,
                s.g(), s.go(), hidden, v.v, v.vo, t, b, a));
        return s;
    }

    /**
     * hidden[t, b] = tanh(pq[b] + pk[t, b]); s[b, t] = v·hidden[t, b].
     *
     * @param s (B, T)
     * @param hidden out (T, B, A), kept for backward
     * @param pq (B, A)
     * @param pk (T, B, A)
     * @param v (A)
     */
    public static void additiveScoresForward(float[] s, int so, float[] hidden, float[] pq, int pqo, float[] pk, int pko,
                                             float[] v, int vo, int t, int b, int a) {
        for (int step = 0; step < t; step++) {
            for (int i = 0; i < b; i++) {
                int r = (step * b + i) * a;
                VecMath.add(pq, pqo + i * a, pk, pko + r, hidden, r, a);
            }
        }
        VecMath.tanh(hidden, 0, hidden, 0, hidden.length);
        for (int step = 0; step < t; step++) {
            for (int i = 0; i < b; i++) {
                s[so + i * t + step] = (float) VecMath.dot(v, vo, hidden, (step * b + i) * a, a);
            }
        }
    }

    /**
     * With g = ds[b, t] and pre = g·v∘(1 − hidden²): dv += g·hidden[t, b], dpq[b] += pre,
     * dpk[t, b] += pre; null gradients are skipped.
     */
    public static void additiveScoresBackward(float[] dpq, int dpqo, float[] dpk, int dpko, float[] dv, int dvo,
                                              float[] ds, int dso, float[] hidden, float[] v, int vo, int t, int b, int a) {
        for (int step = 0; step < t; step++) {
            for (int i = 0; i < b; i++) {
                float g = ds[dso + i * t + step];
                if (g == 0f) {
                    continue;
                }
                int r = (step * b + i) * a;
                for (int j = 0; j < a; j++) {
                    float hj = hidden[r + j];
                    if (dv != null) {
                        dv[dvo + j] += g * hj;
                    }
                    float pre = g * v[vo + j] * (1 - hj * hj);
                    if (dpq != null) {
                        dpq[dpqo + i * a + j] += pre;
                    }
                    if (dpk != null) {
                        dpk[dpko + r + j] += pre;
                    }
                }
            }
        }
    }

    // ---- masked softmax and weighted sum

    /**
     * Weights = softmax over t &lt; lengths[b] of scores[b, ·] (0 elsewhere; all 0 for length 0),
     * context[b] = Σ_t weights[b, t]·values[t, b]. Gradients flow from both outputs.
     *
     * @param scores (B, T)
     * @param values (T, B, Hv)
     * @param lengths (B), each in [0, T]
     */
    public static Result attend(Tape tape, Var scores, Var values, int[] lengths) {
        if (values.shape.length != 3 || scores.shape.length != 2 || scores.dim(0) != values.dim(1)
                || scores.dim(1) != values.dim(0)) {
            throw new IllegalArgumentException("attention needs scores (B, T) and values (T, B, Hv), got "
                    + java.util.Arrays.toString(scores.shape) + " and " + java.util.Arrays.toString(values.shape));
        }
        int t = values.dim(0);
        int b = values.dim(1);
        int hv = values.dim(2);
        Pooling.checkLengths(lengths, t, b);
        int[] lens = lengths.clone();
        Var weights = Var.zeros(b, t);
        Var context = Var.zeros(b, hv);
        attendForward(context.v, 0, weights.v, 0, scores.v, scores.vo, values.v, values.vo, lens, t, b, hv);
        tape.record(() -> attendBackward(
                scores.requiresGrad() ? scores.g() : null, scores.requiresGrad() ? scores.go() : 0,
                values.requiresGrad() ? values.g() : null, values.requiresGrad() ? values.go() : 0,
                context.g(), context.go(), weights.hasGrad() ? weights.g() : null, weights.hasGrad() ? weights.go() : 0,
                weights.v, values.v, values.vo, lens, t, b, hv));
        return new Result(context, weights);
    }

    /**
     * @param context out (B, Hv)
     * @param weights out (B, T)
     * @param scores (B, T)
     * @param values (T, B, Hv)
     * @param len (B)
     */
    public static void attendForward(float[] context, int co, float[] weights, int wo, float[] scores, int so,
                                     float[] values, int vo, int[] len, int t, int b, int hv) {
        double[] acc = new double[hv];
        for (int i = 0; i < b; i++) {
            int row = wo + i * t;
            java.util.Arrays.fill(weights, row, row + t, 0f);
            java.util.Arrays.fill(acc, 0);
            int n = len[i];
            if (n > 0) {
                float max = Float.NEGATIVE_INFINITY;
                for (int step = 0; step < n; step++) {
                    max = Math.max(max, scores[so + i * t + step]);
                }
                double sum = 0;
                for (int step = 0; step < n; step++) {
                    double e = Math.exp(scores[so + i * t + step] - max);
                    weights[row + step] = (float) e;
                    sum += e;
                }
                for (int step = 0; step < n; step++) {
                    float a = (float) (weights[row + step] / sum);
                    weights[row + step] = a;
                    int vr = vo + (step * b + i) * hv;
                    for (int j = 0; j < hv; j++) {
                        acc[j] += (double) a * values[vr + j];
                    }
                }
            }
            for (int j = 0; j < hv; j++) {
                context[co + i * hv + j] = (float) acc[j];
            }
        }
    }

    /**
     * da[b, t] = dweights[b, t] + dcontext[b]·values[t, b]; dvalues[t, b] += weights[b, t]·dcontext[b];
     * dscores[b, t] += weights[b, t]·(da[b, t] − Σ_t' weights[b, t']·da[b, t']). Null gradients are skipped
     * (dweights null means no gradient reached the weights).
     */
    public static void attendBackward(float[] dscores, int dso, float[] dvalues, int dvo, float[] dcontext, int dco,
                                      float[] dweights, int dwo, float[] weights, float[] values, int vo, int[] len,
                                      int t, int b, int hv) {
        double[] da = new double[t];
        for (int i = 0; i < b; i++) {
            int n = len[i];
            double dot = 0;
            for (int step = 0; step < n; step++) {
                int vr = (step * b + i) * hv;
                float a = weights[i * t + step];
                double d = dweights == null ? 0 : dweights[dwo + i * t + step];
                for (int j = 0; j < hv; j++) {
                    float dc = dcontext[dco + i * hv + j];
                    d += (double) dc * values[vo + vr + j];
                    if (dvalues != null) {
                        dvalues[dvo + vr + j] += a * dc;
                    }
                }
                da[step] = d;
                dot += a * d;
            }
            if (dscores != null) {
                for (int step = 0; step < n; step++) {
                    float a = weights[i * t + step];
                    dscores[dso + i * t + step] += (float) (a * (da[step] - dot));
                }
            }
        }
    }
}
