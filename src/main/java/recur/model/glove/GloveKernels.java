package recur.model.glove;

import recur.tensor.Simd;

/**
 * The per-entry row operations of {@link GloveTrainer}, on the Vector API when present, else on
 * the plain loops here, which are also the reference the vector bodies are tested against. Both
 * operands are rows of the one parameter array at offsets, a form C2 leaves scalar.
 */
final class GloveKernels {
    static final boolean SIMD = Simd.AVAILABLE;

    private GloveKernels() {}

    /** Σ w[l1+b]·w[l2+b] over b < E. */
    static float dot(float[] w, int l1, int l2, int dim) {
        return SIMD ? GloveVectorKernels.dot(w, l1, l2, dim) : dotScalar(w, l1, l2, dim);
    }

    /**
     * AdaGrad's steps for two rows: t1 = clip(g·w[l2+b]), t2 = clip(g·w[l1+b]); the steps are
     * u1 = t1/√gradsq[l1+b], u2 = t2/√gradsq[l2+b] (the sums before this entry), then the sums grow
     * by t1², t2². Returns Σ u1 + Σ u2, which is not finite when a step is not (Stanford's check).
     */
    static float steps(float[] w, float[] gradsq, int l1, int l2, int dim, float g, float clip, float[] u1, float[] u2) {
        return SIMD ? GloveVectorKernels.steps(w, gradsq, l1, l2, dim, g, clip, u1, u2)
                : stepsScalar(w, gradsq, l1, l2, dim, g, clip, u1, u2);
    }

    /** w[l1+b] −= u1[b], w[l2+b] −= u2[b]. */
    static void apply(float[] w, int l1, int l2, int dim, float[] u1, float[] u2) {
        if (SIMD) {
            GloveVectorKernels.apply(w, l1, l2, dim, u1, u2);
            return;
        }
        for (int b = 0; b < dim; b++) {
            w[l1 + b] -= u1[b];
            w[l2 + b] -= u2[b];
        }
    }

    static float dotScalar(float[] w, int l1, int l2, int dim) {
        float s = 0f;
        for (int b = 0; b < dim; b++) {
            s += w[l1 + b] * w[l2 + b];
        }
        return s;
    }

    static float stepsScalar(float[] w, float[] gradsq, int l1, int l2, int dim, float g, float clip, float[] u1, float[] u2) {
        return stepsScalar(w, gradsq, l1, l2, 0, dim, g, clip, u1, u2);
    }

    /** {@link #steps} over components from ≤ b &lt; dim (the vector body's tail too). */
    static float stepsScalar(float[] w, float[] gradsq, int l1, int l2, int from, int dim, float g, float clip, float[] u1, float[] u2) {
        float sum = 0f;
        for (int b = from; b < dim; b++) {
            float t1 = Math.min(Math.max(g * w[l2 + b], -clip), clip);
            float t2 = Math.min(Math.max(g * w[l1 + b], -clip), clip);
            u1[b] = t1 / (float) Math.sqrt(gradsq[l1 + b]);
            u2[b] = t2 / (float) Math.sqrt(gradsq[l2 + b]);
            gradsq[l1 + b] += t1 * t1;
            gradsq[l2 + b] += t2 * t2;
            sum += u1[b] + u2[b];
        }
        return sum;
    }
}
