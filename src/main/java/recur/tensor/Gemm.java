package recur.tensor;

/**
 * The one place matrix products happen. All arrays are row-major with explicit offsets and
 * leading dimensions (row strides), as in BLAS: {@code C[m×n] (+)= op(A)[m×k] · op(B)[k×n]},
 * where op(A) is A (stored m×k, lda ≥ k) or Aᵀ (stored k×m, lda ≥ m), and likewise for B.
 * C must not overlap A or B (A and B may overlap each other).
 *
 * <p>Tiny products (m·n·k ≤ 4096) run {@link #reference}'s loop, in double. The rest go to a
 * packed, register-blocked kernel summing in float over depth blocks: the Vector API one when
 * {@link Simd#AVAILABLE} (with a dot-product path for A·Bᵀ with few rows), else a plain-Java
 * one that C2 vectorises. With {@link Threads#get()} &gt; 1, products of at least 2¹⁸
 * multiply-adds have their columns split over helper threads; the split falls on panel
 * boundaries and never changes the order of any element's sum, so the result has the same bits
 * for every thread count.
 *
 * <p>Inside {@link #rowInvariant} every product on the calling thread runs the packed kernel
 * instead, so a row of C has the same bits however many rows share the product: batched
 * inference then gives each example what it would get alone.
 */
public final class Gemm {
    /** Products of at most this many multiply-adds take the direct loop: packing would cost more. */
    static final long DIRECT_MAX = 4096;
    /** Products of at least this many multiply-adds (about 10 µs on one core) are split over threads. */
    static final long SPLIT_MIN = 1L << 18;
    private static final int CHUNKS_PER_THREAD = 4;

    private static final GemmKernel KERNEL = Simd.AVAILABLE ? VectorGemm.create() : PlainGemm.INSTANCE;

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
        check(transA, transB, m, n, k, a, ao, lda, b, bo, ldb, c, co, ldc);
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0) {
            if (!accumulate) {
                for (int i = 0; i < m; i++) {
                    java.util.Arrays.fill(c, co + i * ldc, co + i * ldc + n, 0f);
                }
            }
            return;
        }
        if (ROW_INVARIANT.get()[0]) {
            rowInvariantProduct(transA, transB, m, n, k, a, ao, lda, b, bo, ldb, accumulate, c, co, ldc);
            return;
        }
        if ((long) m * n * k <= DIRECT_MAX) {
            reference(transA, transB, m, n, k, a, ao, lda, b, bo, ldb, accumulate, c, co, ldc);
            return;
        }
        if (swapsOperands(transA, transB, m, n, k)) {
            // Cᵀ = Bᵀ·A: A (k×m) is then read as stored and only B (k×n) needs transposing
            float[] ct = swapScratch(n * m);
            multiply(KERNEL, threads(), true, false, n, m, k, b, bo, ldb, a, ao, lda, false, ct, 0, m);
            transpose(n, m, ct, 0, m, c, co, ldc, accumulate);
            return;
        }
        multiply(KERNEL, threads(), transA, transB, m, n, k, a, ao, lda, b, bo, ldb, accumulate, c, co, ldc);
    }

    /**
     * The threads a product may split over: {@link Threads#get()}, but one inside a
     * {@link Threads#forEach} job, whose tasks are already spread over the threads (split there,
     * its chunks would run one after the other, each packing its operand again).
     */
    private static int threads() {
        int threads = Threads.get();
        return threads > 1 && Parallel.busy() ? 1 : threads;
    }

    /** Column boundaries at multiples of this split a product without changing a bit of it (see {@link #gemmColumns}). */
    public static int columnAlign() {
        return KERNEL.panelWidth();
    }

    /**
     * Whether {@link #gemmColumns} can compute this product's columns in parts: all but the
     * products {@link #gemm} computes transposed.
     */
    public static boolean splitsByColumns(boolean transA, boolean transB, int m, int n, int k) {
        return !swapsOperands(transA, transB, m, n, k) || (long) m * n * k <= DIRECT_MAX;
    }

    /**
     * Columns [j0, j1) of {@link #gemm}'s product, with exactly the bits {@code gemm} gives them
     * on any thread count, on the calling thread: for splitting a product over the tasks of a
     * {@link Threads#forEach} job. j0 and j1 are multiples of {@link #columnAlign()}, or n; the
     * product must be one that {@link #splitsByColumns}.
     */
    public static void gemmColumns(boolean transA, boolean transB, int m, int n, int k,
                                   float[] a, int ao, int lda, float[] b, int bo, int ldb,
                                   boolean accumulate, float[] c, int co, int ldc, int j0, int j1) {
        check(transA, transB, m, n, k, a, ao, lda, b, bo, ldb, c, co, ldc);
        int width = KERNEL.panelWidth();
        if (j0 < 0 || j1 > n || j0 > j1 || j0 % width != 0 || (j1 % width != 0 && j1 != n)) {
            throw new IllegalArgumentException("columns [" + j0 + ", " + j1 + ") of " + n + " are not on "
                    + width + "-column panel boundaries");
        }
        if (!splitsByColumns(transA, transB, m, n, k)) {
            throw new IllegalArgumentException("a " + m + "×" + n + "×" + k + " product of this form is computed transposed:"
                    + " its columns cannot be computed apart");
        }
        if (m == 0 || j0 == j1) {
            return;
        }
        int bShift = transB ? j0 * ldb : j0;
        if (k == 0) {
            if (!accumulate) {
                for (int i = 0; i < m; i++) {
                    java.util.Arrays.fill(c, co + i * ldc + j0, co + i * ldc + j1, 0f);
                }
            }
        } else if ((long) m * n * k <= DIRECT_MAX) {
            reference(transA, transB, m, j1 - j0, k, a, ao, lda, b, bo + bShift, ldb, accumulate, c, co + j0, ldc);
        } else {
            KERNEL.multiply(transA, transB, m, j1 - j0, k, a, ao, lda, b, bo + bShift, ldb, accumulate, c, co + j0, ldc);
        }
    }

    /** Whether {@link #rowInvariant} is running on this thread (a holder, so no boxing on the hot path). */
    private static final ThreadLocal<boolean[]> ROW_INVARIANT = ThreadLocal.withInitial(() -> new boolean[1]);

    /**
     * Runs {@code body} with every product this thread starts taking the packed kernel, whatever
     * its size or form: a row's bits then depend only on that row of op(A), on op(B) and on n and
     * k — never on m or on the other rows (the packed kernel's full tiles and single rows run the
     * same FMA chain). Batched inference runs in it so that a batch gives each example the bits it
     * gets alone. Slower for tiny products (op(B) is packed on every call); nests.
     */
    public static <T> T rowInvariant(java.util.function.Supplier<T> body) {
        boolean[] on = ROW_INVARIANT.get();
        boolean was = on[0];
        on[0] = true;
        try {
            return body.get();
        } finally {
            on[0] = was;
        }
    }

    /** op(A)·op(B) on the packed kernel, op(A) copied to row-major first when transposed. */
    private static void rowInvariantProduct(boolean transA, boolean transB, int m, int n, int k,
                                            float[] a, int ao, int lda, float[] b, int bo, int ldb,
                                            boolean accumulate, float[] c, int co, int ldc) {
        PackedB packed = pack(transB, k, n, b, bo, ldb);
        if (transA) {
            float[] at = new float[m * k];
            transpose(k, m, a, ao, lda, at, 0, k, false);
            gemm(m, at, 0, k, packed, accumulate, c, co, ldc);
        } else {
            gemm(m, a, ao, lda, packed, accumulate, c, co, ldc);
        }
    }

    private static final ThreadLocal<float[][]> SWAP_SCRATCH = ThreadLocal.withInitial(() -> new float[1][0]);

    /** The calling thread's buffer for a swapped product's transposed result, grown as needed. */
    private static float[] swapScratch(int size) {
        float[][] holder = SWAP_SCRATCH.get();
        if (holder[0].length < size) {
            holder[0] = new float[size];
        }
        return holder[0];
    }

    /**
     * Whether Aᵀ·B (A k×m, B k×n) is computed as (Bᵀ·A)ᵀ. The packed kernel copies op(A) into
     * row panels, which for a transposed A is an element-by-element gather of m·k values, used
     * for only n columns; Bᵀ·A gathers n·k values instead and copies A's rows as they are, and
     * the m×n result is transposed back. That pays when k is deep and n narrow: a weight
     * gradient over a long window (H = 128, gates 512, 2,500 positions: 5.2 → 4.1 ms). Depends
     * only on the form and the sizes, so a product's bits never depend on anything else.
     */
    static boolean swapsOperands(boolean transA, boolean transB, int m, int n, int k) {
        return transA && !transB && m > n && k >= 4 * n;
    }

    /**
     * A right-hand operand op(B) (k×n) copied once into the kernel's panel layout, for many
     * products with the same B: the recurrent weight at every step of a window, which would
     * otherwise be copied again on each of them. A snapshot: later changes to B are not seen.
     */
    public static final class PackedB {
        final int k;
        final int n;
        final Object panels;

        private PackedB(int k, int n, Object panels) {
            this.k = k;
            this.n = n;
            this.panels = panels;
        }
    }

    /** Packs op(B) (k×n): B stored k×n, or n×k when {@code transB}, with row stride ldb. */
    public static PackedB pack(boolean transB, int k, int n, float[] b, int bo, int ldb) {
        if (k < 1 || n < 1) {
            throw new IllegalArgumentException("packed operand must be at least 1×1, got " + k + "×" + n);
        }
        checkMatrix("B", b, bo, ldb, transB ? n : k, transB ? k : n);
        return new PackedB(k, n, KERNEL.pack(transB, k, n, b, bo, ldb));
    }

    /**
     * C (+)= A·op(B) with A m×k (row stride lda), op(B) packed, C m×n (row stride ldc). Always
     * the packed kernel, whatever the size, so a product's bits depend only on m, n and k; split
     * over threads by column panels as {@link #gemm} does.
     */
    public static void gemm(int m, float[] a, int ao, int lda, PackedB b, boolean accumulate, float[] c, int co, int ldc) {
        int n = b.n, k = b.k;
        checkMatrix("A", a, ao, lda, m, k);
        checkMatrix("C", c, co, ldc, m, n);
        if (m == 0) {
            return;
        }
        int threads = threads();
        int width = KERNEL.panelWidth();
        int panels = (n + width - 1) / width;
        int chunks = threads < 2 ? 1 : Math.min(panels, threads * CHUNKS_PER_THREAD);
        if (chunks < 2 || (long) m * n * k < SPLIT_MIN) {
            KERNEL.multiplyPacked(m, n, k, a, ao, lda, b.panels, 0, n, accumulate, c, co, ldc);
            return;
        }
        Parallel.run(threads, chunks, t -> {
            int j0 = (int) ((long) panels * t / chunks) * width;
            int j1 = Math.min(n, (int) ((long) panels * (t + 1) / chunks) * width);
            KERNEL.multiplyPacked(m, n, k, a, ao, lda, b.panels, j0, j1, accumulate, c, co, ldc);
        });
    }

    /** The kernel that runs on this JVM: "vector" or "plain". */
    public static String implementation() {
        return KERNEL instanceof PlainGemm ? "plain" : "vector";
    }

    /** The kernel that {@link #gemm} uses on this JVM; tests pass others explicitly. */
    static GemmKernel kernel() {
        return KERNEL;
    }

    /**
     * Runs {@code kernel} on {@code threads} threads (m, n, k ≥ 1), splitting the columns of C at
     * multiples of the kernel's panel width, so the split never changes a bit of the result.
     */
    static void multiply(GemmKernel kernel, int threads, boolean transA, boolean transB, int m, int n, int k,
                         float[] a, int ao, int lda, float[] b, int bo, int ldb,
                         boolean accumulate, float[] c, int co, int ldc) {
        int width = kernel.panelWidth();
        int panels = (n + width - 1) / width;
        // A few chunks per thread, claimed dynamically: when a core is taken by another process
        // the thread that still runs does most of the work instead of waiting for the other. Each
        // chunk packs all of op(A) again; a transposed A is gathered element by element, which for
        // a weight gradient (800×400 gathered, 32 columns a chunk) costs about what the chunk's
        // arithmetic does, so those products take one chunk per thread.
        int chunks = threads < 2 ? 1 : Math.min(panels, threads * (transA ? 1 : CHUNKS_PER_THREAD));
        if (chunks < 2 || (long) m * n * k < SPLIT_MIN) {
            kernel.multiply(transA, transB, m, n, k, a, ao, lda, b, bo, ldb, accumulate, c, co, ldc);
            return;
        }
        Parallel.run(threads, chunks, t -> {
            int j0 = (int) ((long) panels * t / chunks) * width;
            int j1 = Math.min(n, (int) ((long) panels * (t + 1) / chunks) * width);
            int bShift = transB ? j0 * ldb : j0;
            kernel.multiply(transA, transB, m, j1 - j0, k, a, ao, lda, b, bo + bShift, ldb, accumulate, c, co + j0, ldc);
        });
    }

    private static void check(boolean transA, boolean transB, int m, int n, int k,
                              float[] a, int ao, int lda, float[] b, int bo, int ldb,
                              float[] c, int co, int ldc) {
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException("negative matrix size m=" + m + " n=" + n + " k=" + k);
        }
        checkMatrix("A", a, ao, lda, transA ? k : m, transA ? m : k);
        checkMatrix("B", b, bo, ldb, transB ? n : k, transB ? k : n);
        checkMatrix("C", c, co, ldc, m, n);
    }

    private static void checkMatrix(String name, float[] x, int off, int ld, int rows, int cols) {
        if (rows == 0 || cols == 0) {
            return;
        }
        if (rows > 1 && ld < cols) {
            throw new IllegalArgumentException(name + ": leading dimension " + ld + " is less than its " + cols + " columns");
        }
        long last = off + (long) (rows - 1) * ld + cols - 1;
        if (off < 0 || last >= x.length) {
            throw new IllegalArgumentException(name + ": " + rows + "×" + cols + " at offset " + off + " with leading dimension "
                    + ld + " does not fit an array of " + x.length);
        }
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

    /** Block edge for {@link #transpose}: a 16×16 block of floats read and written stays in L1. */
    private static final int TRANSPOSE_BLOCK = 16;

    /**
     * t (cols×rows, row stride ldt) (+)= aᵀ for a (rows×cols, row stride lda), in blocks so that
     * both sides stay in cache.
     */
    static void transpose(int rows, int cols, float[] a, int ao, int lda, float[] t, int to, int ldt,
                                  boolean accumulate) {
        for (int i0 = 0; i0 < rows; i0 += TRANSPOSE_BLOCK) {
            int i1 = Math.min(rows, i0 + TRANSPOSE_BLOCK);
            for (int j0 = 0; j0 < cols; j0 += TRANSPOSE_BLOCK) {
                int j1 = Math.min(cols, j0 + TRANSPOSE_BLOCK);
                for (int i = i0; i < i1; i++) {
                    for (int j = j0, src = ao + i * lda + j0; j < j1; j++, src++) {
                        int at = to + j * ldt + i;
                        t[at] = accumulate ? t[at] + a[src] : a[src];
                    }
                }
            }
        }
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
