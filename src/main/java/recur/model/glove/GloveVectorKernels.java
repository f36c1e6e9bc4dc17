package recur.model.glove;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** The Vector API bodies of {@link GloveKernels}; loaded only when the module is present. */
final class GloveVectorKernels {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private GloveVectorKernels() {}

    static float dot(float[] w, int l1, int l2, int dim) {
        FloatVector acc = FloatVector.zero(S);
        int b = 0;
        int bound = S.loopBound(dim);
        for (; b < bound; b += L) {
            acc = FloatVector.fromArray(S, w, l1 + b).fma(FloatVector.fromArray(S, w, l2 + b), acc);
        }
        float s = acc.reduceLanes(VectorOperators.ADD);
        for (; b < dim; b++) {
            s += w[l1 + b] * w[l2 + b];
        }
        return s;
    }

    static float steps(float[] w, float[] gradsq, int l1, int l2, int dim, float g, float clip, float[] u1, float[] u2) {
        FloatVector gv = FloatVector.broadcast(S, g);
        FloatVector lo = FloatVector.broadcast(S, -clip);
        FloatVector hi = FloatVector.broadcast(S, clip);
        FloatVector sum = FloatVector.zero(S);
        int b = 0;
        int bound = S.loopBound(dim);
        for (; b < bound; b += L) {
            FloatVector t1 = gv.mul(FloatVector.fromArray(S, w, l2 + b)).max(lo).min(hi);
            FloatVector t2 = gv.mul(FloatVector.fromArray(S, w, l1 + b)).max(lo).min(hi);
            FloatVector g1 = FloatVector.fromArray(S, gradsq, l1 + b);
            FloatVector g2 = FloatVector.fromArray(S, gradsq, l2 + b);
            FloatVector s1 = t1.div(g1.sqrt());
            FloatVector s2 = t2.div(g2.sqrt());
            s1.intoArray(u1, b);
            s2.intoArray(u2, b);
            t1.fma(t1, g1).intoArray(gradsq, l1 + b);
            t2.fma(t2, g2).intoArray(gradsq, l2 + b);
            sum = sum.add(s1).add(s2);
        }
        return sum.reduceLanes(VectorOperators.ADD) + GloveKernels.stepsScalar(w, gradsq, l1, l2, b, dim, g, clip, u1, u2);
    }

    static void apply(float[] w, int l1, int l2, int dim, float[] u1, float[] u2) {
        int b = 0;
        int bound = S.loopBound(dim);
        for (; b < bound; b += L) {
            FloatVector.fromArray(S, w, l1 + b).sub(FloatVector.fromArray(S, u1, b)).intoArray(w, l1 + b);
            FloatVector.fromArray(S, w, l2 + b).sub(FloatVector.fromArray(S, u2, b)).intoArray(w, l2 + b);
        }
        for (; b < dim; b++) {
            w[l1 + b] -= u1[b];
            w[l2 + b] -= u2[b];
        }
    }
}
