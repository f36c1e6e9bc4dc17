package recur.tensor;

/**
 * The one place matrix products happen. All arrays are row-major with explicit offsets and
 * leading dimensions (row strides), as in BLAS: {@code C[m×n] (+)= op(A)[m×k] · op(B)[k×n]},
 * where op(A) is A (stored m×k, lda ≥ k) or Aᵀ (stored k×m, lda ≥ m), and likewise for B.
 */
public final class Gemm {
    private Gemm() {}

    /**
     * C = op(A)·op(B), or C += op(A)·op(B) when {@code accumulate}.
     *
     * @param transA whether A is stored transposed (k×m)
     * @param transB whether B is stored transposed (n×k)
     */
    public static void gemm(boolean transA, boolean transB, int m, int n, int k,
                            float[] a, int ao, int lda, float[] b, int bo, int ldb,
                            boolean accumulate, float[] c, int co, int ldc) {
        reference(transA, transB, m, n, k, a, ao, lda, b, bo, ldb, accumulate, c, co, ldc);
    }

    /** C (+)= A·B with all three contiguous: A m×k, B k×n, C m×n. */
    public static void nn(int m, int n, int k, float[] a, int ao, float[] b, int bo, boolean accumulate, float[] c, int co) {
        gemm(false, false, m, n, k, a, ao, k, b, bo, n, accumulate, c, co, n);
    }

    /** C (+)= A·Bᵀ with all three contiguous: A m×k, B n×k, C m×n. */
    public static void nt(int m, int n, int k, float[] a, int ao, float[] b, int bo, boolean accumulate, float[] c, int co) {
        gemm(false, true, m, n, k, a, ao, k, b, bo, k, accumulate, c, co, n);
    }

    /** C (+)= Aᵀ·B with all three contiguous: A k×m, B k×n, C m×n. */
    public static void tn(int m, int n, int k, float[] a, int ao, float[] b, int bo, boolean accumulate, float[] c, int co) {
        gemm(true, false, m, n, k, a, ao, m, b, bo, n, accumulate, c, co, n);
    }

    /** The naive triple loop with double accumulation: the reference the fast kernels are tested against. */
    public static void reference(boolean transA, boolean transB, int m, int n, int k,
                                 float[] a, int ao, int lda, float[] b, int bo, int ldb,
                                 boolean accumulate, float[] c, int co, int ldc) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = accumulate ? c[co + i * ldc + j] : 0.0;
                for (int p = 0; p < k; p++) {
                    float x = transA ? a[ao + p * lda + i] : a[ao + i * lda + p];
                    float y = transB ? b[bo + j * ldb + p] : b[bo + p * ldb + j];
                    s += (double) x * y;
                }
                c[co + i * ldc + j] = (float) s;
            }
        }
    }
}
