package recur.tensor;

/**
 * One implementation of the blocked product behind {@link Gemm}: the Vector API kernel or the
 * plain-Java one. {@link Gemm} validates arguments, takes the small-product path and splits
 * columns over threads; a kernel only computes the block it is given, and must give every
 * element of C the same reduction order whatever block of columns it belongs to, so that a
 * column split cannot change a single bit.
 */
interface GemmKernel {
    /** The width of one packed column panel; thread splits fall on multiples of it. */
    int panelWidth();

    /**
     * C[m×n] (+)= op(A)[m×k] · op(B)[k×n] over row-major arrays, with m, n, k ≥ 1. Arguments are
     * those of {@link Gemm#gemm}.
     */
    void multiply(boolean transA, boolean transB, int m, int n, int k,
                  float[] a, int ao, int lda, float[] b, int bo, int ldb,
                  boolean accumulate, float[] c, int co, int ldc);

    /**
     * op(B)[k×n] copied into the layout {@link #multiplyPacked} reads, once for many products
     * with the same B (a recurrent weight over every step of a window).
     */
    Object pack(boolean transB, int k, int n, float[] b, int bo, int ldb);

    /**
     * Columns [j0, j1) of C[m×n] (+)= A[m×k] · op(B) with op(B) from {@link #pack}; j0 is a
     * multiple of {@link #panelWidth}. Each element gets the bits {@link #multiply} gives it
     * on its packed path.
     */
    void multiplyPacked(int m, int n, int k, float[] a, int ao, int lda, Object packed, int j0, int j1,
                        boolean accumulate, float[] c, int co, int ldc);
}
