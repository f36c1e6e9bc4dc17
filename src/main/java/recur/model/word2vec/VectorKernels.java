package recur.model.word2vec;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** The Vector API bodies of {@link Kernels}; loaded only when the module is present. */
final class VectorKernels {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private VectorKernels() {}

    static int lanes() {
        return L;
    }

    static float dot(float[] x, float[] m, int mo, int n) {
        // two accumulators halve the FMA latency chain of a 100-float row
        FloatVector acc = FloatVector.zero(S);
        FloatVector acc2 = FloatVector.zero(S);
        int j = 0;
        int bound = S.loopBound(n);
        for (; j + L < bound; j += 2 * L) {
            acc = FloatVector.fromArray(S, x, j).fma(FloatVector.fromArray(S, m, mo + j), acc);
            acc2 = FloatVector.fromArray(S, x, j + L).fma(FloatVector.fromArray(S, m, mo + j + L), acc2);
        }
        for (; j < bound; j += L) {
            acc = FloatVector.fromArray(S, x, j).fma(FloatVector.fromArray(S, m, mo + j), acc);
        }
        float s = acc.add(acc2).reduceLanes(VectorOperators.ADD);
        for (; j < n; j++) {
            s += x[j] * m[mo + j];
        }
        return s;
    }

    static void update(float g, float[] grad, float[] hidden, float[] m, int mo, int n) {
        int j = 0;
        int bound = S.loopBound(n);
        FloatVector gv = FloatVector.broadcast(S, g);
        for (; j < bound; j += L) {
            FloatVector o = FloatVector.fromArray(S, m, mo + j);
            o.fma(gv, FloatVector.fromArray(S, grad, j)).intoArray(grad, j);
            FloatVector.fromArray(S, hidden, j).fma(gv, o).intoArray(m, mo + j);
        }
        for (; j < n; j++) {
            float o = m[mo + j];
            grad[j] += g * o;
            m[mo + j] = o + g * hidden[j];
        }
    }

    static void addTo(float[] m, int mo, float[] x, int n) {
        int j = 0;
        int bound = S.loopBound(n);
        for (; j < bound; j += L) {
            FloatVector.fromArray(S, m, mo + j).add(FloatVector.fromArray(S, x, j)).intoArray(m, mo + j);
        }
        for (; j < n; j++) {
            m[mo + j] += x[j];
        }
    }

    static void addFrom(float[] x, float[] m, int mo, int n) {
        int j = 0;
        int bound = S.loopBound(n);
        for (; j < bound; j += L) {
            FloatVector.fromArray(S, x, j).add(FloatVector.fromArray(S, m, mo + j)).intoArray(x, j);
        }
        for (; j < n; j++) {
            x[j] += m[mo + j];
        }
    }
}
