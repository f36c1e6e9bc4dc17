package recur.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API product: BLIS-style loops (columns in blocks of NC, depth in blocks of KC, rows
 * in blocks of MC) around a register-blocked micro-kernel of MR rows × NR columns (two vectors)
 * held in 2·MR accumulators and updated with FMA. op(A) and op(B) are first copied into packed
 * panels — MR rows of A or NR columns of B, consecutive along k — so the micro-kernel reads both
 * with unit stride whatever the transposes, offsets and leading dimensions were; short panels
 * are padded with zeros and only the valid part of the tile is written back.
 *
 * <p>A·Bᵀ with few rows takes a second path that packs nothing ({@link #useDots}).
 *
 * <p>Each element of C is a float FMA chain over one depth block, added to C block after block
 * (or, on the dot path, lane chains summed by a fixed tree); which path runs depends only on
 * the transposes, m and k, and the order within it only on k, never on which rows or columns
 * share a call. So splitting the columns over threads gives the same bits.
 *
 * <p>Loaded only when {@link Simd#AVAILABLE}: nothing outside this class names the Vector API.
 */
final class VectorGemm implements GemmKernel {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /**
     * Rows of the register tile: 2·MR accumulators plus two B vectors and a broadcast must fit the
     * register file — 32 vector registers with AVX-512 (8 rows: 19), 16 with AVX2 (4 rows: 11).
     * On this Zen 4 the 8-row tile made the weight-gradient product of a 10,000-word softmax
     * layer (TN, 10000×400×200) 23% faster than 4 rows.
     */
    static final int MR = L >= 16 ? 8 : 4;
    /** Rows of one packed block of A: two kernel panels, one vector wide on AVX-512 and AVX2. */
    private static final int AB = 2 * MR;
    static final int NR = 2 * L;
    private static final int KC = 256;
    private static final int MC = 128;
    private static final int NC = 2048;
    /** The dot-product path for A·Bᵀ: at most this many rows, at least this depth, A at most this many floats. */
    static final int DOT_MAX_M = 128;
    static final int DOT_MIN_K = 64;
    static final long DOT_MAX_A = 128 * 1024;
    /** Depth rows per strip when transposing B into panels. */
    private static final int TP = 16;

    private static final ThreadLocal<Workspace> WORKSPACE = ThreadLocal.withInitial(Workspace::new);

    /** Packed panels and an edge tile, reused across calls on one thread. */
    private static final class Workspace {
        float[] a = new float[0];
        float[] b = new float[0];
        final float[] tile = new float[Math.max(MR * NR, 16 * L)];

        float[] a(int size) {
            if (a.length < size) {
                a = new float[size];
            }
            return a;
        }

        float[] b(int size) {
            if (b.length < size) {
                b = new float[size];
            }
            return b;
        }
    }

    static GemmKernel create() {
        return new VectorGemm();
    }

    private VectorGemm() {}

    @Override
    public int panelWidth() {
        return NR;
    }

    @Override
    public void multiply(boolean transA, boolean transB, int m, int n, int k,
                         float[] a, int ao, int lda, float[] b, int bo, int ldb,
                         boolean accumulate, float[] c, int co, int ldc) {
        Workspace ws = WORKSPACE.get();
        if (useDots(transA, transB, m, k)) {
            multiplyDots(m, n, k, a, ao, lda, b, bo, ldb, accumulate, c, co, ldc, ws.tile);
            return;
        }
        for (int jc = 0; jc < n; jc += NC) {
            int nc = Math.min(NC, n - jc);
            int ncPanels = (nc + NR - 1) / NR;
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                boolean overwrite = pc == 0 && !accumulate;
                float[] bp = ws.b(ncPanels * NR * kc);
                packB(transB, b, bo, ldb, pc, kc, jc, nc, bp);
                for (int ic = 0; ic < m; ic += MC) {
                    int mc = Math.min(MC, m - ic);
                    int mcPanels = (mc + MR - 1) / MR;
                    float[] ap = ws.a((mc + AB - 1) / AB * AB * kc);
                    packA(transA, a, ao, lda, ic, mc, pc, kc, ap);
                    for (int jp = 0; jp < ncPanels; jp++) {
                        int j = jc + jp * NR;
                        int nr = Math.min(NR, n - j);
                        int bOff = jp * NR * kc;
                        for (int ip = 0; ip < mcPanels; ip++) {
                            int i = ic + ip * MR;
                            int mr = Math.min(MR, m - i);
                            kernel(ap, aPanel(ip, kc), bp, bOff, kc, c, co + i * ldc + j, ldc, overwrite, mr, nr, ws.tile);
                        }
                    }
                }
            }
        }
    }

    /** op(B) in panels, one array per (column block, depth block) as {@link #multiply} packs them. */
    @Override
    public Object pack(boolean transB, int k, int n, float[] b, int bo, int ldb) {
        int kBlocks = (k + KC - 1) / KC;
        float[][] blocks = new float[((n + NC - 1) / NC) * kBlocks][];
        for (int jc = 0, jb = 0; jc < n; jc += NC, jb++) {
            int nc = Math.min(NC, n - jc);
            int ncPanels = (nc + NR - 1) / NR;
            for (int pc = 0, pb = 0; pc < k; pc += KC, pb++) {
                int kc = Math.min(KC, k - pc);
                float[] bp = new float[ncPanels * NR * kc];
                packB(transB, b, bo, ldb, pc, kc, jc, nc, bp);
                blocks[jb * kBlocks + pb] = bp;
            }
        }
        return blocks;
    }

    @Override
    public void multiplyPacked(int m, int n, int k, float[] a, int ao, int lda, Object packed, int j0, int j1,
                               boolean accumulate, float[] c, int co, int ldc) {
        float[][] blocks = (float[][]) packed;
        int kBlocks = (k + KC - 1) / KC;
        Workspace ws = WORKSPACE.get();
        // rows past the last full panel go one at a time, unpacked: a decoding step's single row
        // would otherwise cost a whole MR-row tile, most of it zeros
        int tail = m % MR;
        int full = m - tail;
        for (int jc = j0 / NC * NC, jb = j0 / NC; jc < j1; jc += NC, jb++) {
            int nc = Math.min(NC, n - jc);
            int from = Math.max(j0, jc), to = Math.min(j1, jc + nc);
            for (int pc = 0, pb = 0; pc < k; pc += KC, pb++) {
                int kc = Math.min(KC, k - pc);
                boolean overwrite = pc == 0 && !accumulate;
                float[] bp = blocks[jb * kBlocks + pb];
                for (int i = full; i < m; i++) {
                    for (int j = from; j < to; j += NR) {
                        kernel1(a, ao + i * lda + pc, bp, (j - jc) * kc, kc, c, co + i * ldc + j, overwrite,
                                Math.min(NR, to - j), ws.tile);
                    }
                }
                for (int ic = 0; ic < full; ic += MC) {
                    int mc = Math.min(MC, full - ic);
                    int mcPanels = (mc + MR - 1) / MR;
                    float[] ap = ws.a((mc + AB - 1) / AB * AB * kc);
                    packA(false, a, ao, lda, ic, mc, pc, kc, ap);
                    for (int j = from; j < to; j += NR) {
                        int nr = Math.min(NR, to - j);
                        int bOff = (j - jc) * kc;
                        for (int ip = 0; ip < mcPanels; ip++) {
                            int i = ic + ip * MR;
                            int mr = Math.min(MR, m - i);
                            kernel(ap, aPanel(ip, kc), bp, bOff, kc, c, co + i * ldc + j, ldc, overwrite, mr, nr, ws.tile);
                        }
                    }
                }
            }
        }
    }

    /**
     * Whether to compute A·Bᵀ as dot products of rows instead of packing. Both operands then
     * run along k with unit stride, and B, which would otherwise be transposed element by
     * element on every call (the weight matrix of every RNN step), is read as it is stored.
     * It pays when m is small, so that transposing B would cost about as much as the product,
     * and A (m×k) stays in L2 while each block of four B rows stays in L1. The 4×4 tile needs
     * 21 vector registers, so only with 512-bit vectors (32 registers, and the 16 lanes
     * {@link #laneSum} adds).
     */
    static boolean useDots(boolean transA, boolean transB, int m, int k) {
        return !transA && transB && L == 16 && m <= DOT_MAX_M && k >= DOT_MIN_K && (long) m * k <= DOT_MAX_A;
    }

    /**
     * C (+)= A·Bᵀ (A m×k, B n×k) by 4×4 tiles of dot products. Each element is the same
     * computation wherever it sits: an FMA chain per lane over the full vectors of its row
     * pair, the lanes added by a fixed pairwise tree ({@link #laneSum}), then the remaining
     * k mod L products by scalar FMA.
     */
    private static void multiplyDots(int m, int n, int k, float[] a, int ao, int lda, float[] b, int bo, int ldb,
                                     boolean accumulate, float[] c, int co, int ldc, float[] lanes) {
        for (int j = 0; j < n; j += 4) {
            int nb = Math.min(4, n - j);
            for (int i = 0; i < m; i += 4) {
                int mb = Math.min(4, m - i);
                if (mb == 4 && nb == 4) {
                    dots4x4(k, a, ao + i * lda, lda, b, bo + j * ldb, ldb, lanes);
                    for (int ii = 0; ii < 4; ii++) {
                        for (int jj = 0; jj < 4; jj++) {
                            float s = tail(laneSum(lanes, (ii * 4 + jj) * L), k, a, ao + (i + ii) * lda, b, bo + (j + jj) * ldb);
                            int at = co + (i + ii) * ldc + j + jj;
                            c[at] = accumulate ? c[at] + s : s;
                        }
                    }
                } else if (nb == 4) {
                    // fewer than four rows left (m = 1 when sampling): one row against four
                    for (int ii = 0; ii < mb; ii++) {
                        int ai = ao + (i + ii) * lda;
                        dots1x4(k, a, ai, b, bo + j * ldb, ldb, lanes);
                        for (int jj = 0; jj < 4; jj++) {
                            float s = tail(laneSum(lanes, jj * L), k, a, ai, b, bo + (j + jj) * ldb);
                            int at = co + (i + ii) * ldc + j + jj;
                            c[at] = accumulate ? c[at] + s : s;
                        }
                    }
                } else {
                    for (int ii = 0; ii < mb; ii++) {
                        for (int jj = 0; jj < nb; jj++) {
                            int ai = ao + (i + ii) * lda, bj = bo + (j + jj) * ldb;
                            dot1x1(k, a, ai, b, bj, lanes);
                            float s = tail(laneSum(lanes, 0), k, a, ai, b, bj);
                            int at = co + (i + ii) * ldc + j + jj;
                            c[at] = accumulate ? c[at] + s : s;
                        }
                    }
                }
            }
        }
    }

    /**
     * The sum of the 16 lanes at lanes[off], by a fixed pairwise tree (l with l + 8, then with
     * l + 4, l + 2, l + 1): four dependent adds deep instead of fifteen. Lane reductions in the
     * Vector API have no specified order, and its shuffles are slow on JDK 17, so it is spelled out.
     */
    private static float laneSum(float[] x, int off) {
        float a0 = x[off] + x[off + 8], a1 = x[off + 1] + x[off + 9];
        float a2 = x[off + 2] + x[off + 10], a3 = x[off + 3] + x[off + 11];
        float a4 = x[off + 4] + x[off + 12], a5 = x[off + 5] + x[off + 13];
        float a6 = x[off + 6] + x[off + 14], a7 = x[off + 7] + x[off + 15];
        return ((a0 + a4) + (a2 + a6)) + ((a1 + a5) + (a3 + a7));
    }

    /** Adds the products past the last full vector to a dot product's lane sum. */
    private static float tail(float s, int k, float[] a, int ai, float[] b, int bj) {
        for (int p = S.loopBound(k); p < k; p++) {
            s = Math.fma(a[ai + p], b[bj + p], s);
        }
        return s;
    }

    /** The lane sums of one dot product over its full vectors, stored at lanes[0..L). */
    private static void dot1x1(int k, float[] a, int ai, float[] b, int bj, float[] lanes) {
        FloatVector acc = FloatVector.zero(S);
        for (int p = 0, kv = S.loopBound(k); p < kv; p += L) {
            acc = FloatVector.fromArray(S, a, ai + p).fma(FloatVector.fromArray(S, b, bj + p), acc);
        }
        acc.intoArray(lanes, 0);
    }

    /** The lane sums of A row ai with B rows bj + {0..3}·ldb, at lanes[q·L]: four independent chains. */
    private static void dots1x4(int k, float[] a, int ai, float[] b, int bj, int ldb, float[] lanes) {
        FloatVector c0 = FloatVector.zero(S), c1 = c0, c2 = c0, c3 = c0;
        int b1 = bj + ldb, b2 = b1 + ldb, b3 = b2 + ldb;
        for (int p = 0, kv = S.loopBound(k); p < kv; p += L) {
            FloatVector x = FloatVector.fromArray(S, a, ai + p);
            c0 = x.fma(FloatVector.fromArray(S, b, bj + p), c0);
            c1 = x.fma(FloatVector.fromArray(S, b, b1 + p), c1);
            c2 = x.fma(FloatVector.fromArray(S, b, b2 + p), c2);
            c3 = x.fma(FloatVector.fromArray(S, b, b3 + p), c3);
        }
        c0.intoArray(lanes, 0);
        c1.intoArray(lanes, L);
        c2.intoArray(lanes, 2 * L);
        c3.intoArray(lanes, 3 * L);
    }

    /**
     * The lane partial sums of the 16 dot products of A rows ai + {0..3}·lda with B rows
     * bj + {0..3}·ldb over their full vectors: A row r with B row q at lanes[(4r + q)·L].
     */
    private static void dots4x4(int k, float[] a, int ai, int lda, float[] b, int bj, int ldb, float[] lanes) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c02 = c00, c03 = c00;
        FloatVector c10 = c00, c11 = c00, c12 = c00, c13 = c00;
        FloatVector c20 = c00, c21 = c00, c22 = c00, c23 = c00;
        FloatVector c30 = c00, c31 = c00, c32 = c00, c33 = c00;
        int a1 = ai + lda, a2 = a1 + lda, a3 = a2 + lda;
        int b1 = bj + ldb, b2 = b1 + ldb, b3 = b2 + ldb;
        for (int p = 0, kv = S.loopBound(k); p < kv; p += L) {
            FloatVector x0 = FloatVector.fromArray(S, a, ai + p);
            FloatVector x1 = FloatVector.fromArray(S, a, a1 + p);
            FloatVector x2 = FloatVector.fromArray(S, a, a2 + p);
            FloatVector x3 = FloatVector.fromArray(S, a, a3 + p);
            FloatVector y = FloatVector.fromArray(S, b, bj + p);
            c00 = x0.fma(y, c00);
            c10 = x1.fma(y, c10);
            c20 = x2.fma(y, c20);
            c30 = x3.fma(y, c30);
            y = FloatVector.fromArray(S, b, b1 + p);
            c01 = x0.fma(y, c01);
            c11 = x1.fma(y, c11);
            c21 = x2.fma(y, c21);
            c31 = x3.fma(y, c31);
            y = FloatVector.fromArray(S, b, b2 + p);
            c02 = x0.fma(y, c02);
            c12 = x1.fma(y, c12);
            c22 = x2.fma(y, c22);
            c32 = x3.fma(y, c32);
            y = FloatVector.fromArray(S, b, b3 + p);
            c03 = x0.fma(y, c03);
            c13 = x1.fma(y, c13);
            c23 = x2.fma(y, c23);
            c33 = x3.fma(y, c33);
        }
        c00.intoArray(lanes, 0);
        c01.intoArray(lanes, L);
        c02.intoArray(lanes, 2 * L);
        c03.intoArray(lanes, 3 * L);
        c10.intoArray(lanes, 4 * L);
        c11.intoArray(lanes, 5 * L);
        c12.intoArray(lanes, 6 * L);
        c13.intoArray(lanes, 7 * L);
        c20.intoArray(lanes, 8 * L);
        c21.intoArray(lanes, 9 * L);
        c22.intoArray(lanes, 10 * L);
        c23.intoArray(lanes, 11 * L);
        c30.intoArray(lanes, 12 * L);
        c31.intoArray(lanes, 13 * L);
        c32.intoArray(lanes, 14 * L);
        c33.intoArray(lanes, 15 * L);
    }

    /** Copies op(B)[pc:pc+kc, jc:jc+nc] into panels of NR columns, each kc rows of NR floats. */
    private static void packB(boolean transB, float[] b, int bo, int ldb, int pc, int kc, int jc, int nc, float[] dst) {
        for (int jp = 0; jp < nc; jp += NR) {
            int w = Math.min(NR, nc - jp);
            int base = jp * kc;
            if (!transB) {
                int src = bo + pc * ldb + jc + jp;
                if (w == NR) {
                    for (int p = 0; p < kc; p++, src += ldb) {
                        int d = base + p * NR;
                        FloatVector.fromArray(S, b, src).intoArray(dst, d);
                        FloatVector.fromArray(S, b, src + L).intoArray(dst, d + L);
                    }
                } else {
                    for (int p = 0; p < kc; p++, src += ldb) {
                        int d = base + p * NR;
                        for (int jj = 0; jj < w; jj++) {
                            dst[d + jj] = b[src + jj];
                        }
                        for (int jj = w; jj < NR; jj++) {
                            dst[d + jj] = 0f;
                        }
                    }
                }
            } else {
                // B is stored n×k: column j of op(B) is a contiguous row of B. Transposed in
                // strips of TP depth rows so that reads and writes both stay within L1.
                int src0 = bo + (jc + jp) * ldb + pc;
                for (int p0 = 0; p0 < kc; p0 += TP) {
                    int pe = Math.min(kc, p0 + TP);
                    int jj = 0;
                    for (; jj + 4 <= w; jj += 4) {
                        int r0 = src0 + jj * ldb, r1 = r0 + ldb, r2 = r1 + ldb, r3 = r2 + ldb;
                        for (int p = p0, d = base + p0 * NR + jj; p < pe; p++, d += NR) {
                            dst[d] = b[r0 + p];
                            dst[d + 1] = b[r1 + p];
                            dst[d + 2] = b[r2 + p];
                            dst[d + 3] = b[r3 + p];
                        }
                    }
                    for (; jj < w; jj++) {
                        int src = src0 + jj * ldb;
                        for (int p = p0, d = base + p0 * NR + jj; p < pe; p++, d += NR) {
                            dst[d] = b[src + p];
                        }
                    }
                }
                for (int jj = w; jj < NR; jj++) {
                    for (int p = 0, d = base + jj; p < kc; p++, d += NR) {
                        dst[d] = 0f;
                    }
                }
            }
        }
    }

    /**
     * Copies op(A)[ic:ic+mc, pc:pc+kc] into blocks of AB = 2·MR rows, each kc columns of AB floats
     * (zero-padded past mc): one vector per k where AB is the vector length, so that a transposed A, whose rows of one k are
     * contiguous, is packed by whole-vector copies. Two kernel panels share a block.
     */
    private static void packA(boolean transA, float[] a, int ao, int lda, int ic, int mc, int pc, int kc, float[] dst) {
        for (int ib = 0; ib < mc; ib += AB) {
            int h = Math.min(AB, mc - ib);
            int base = ib * kc;
            if (!transA) {
                for (int ii = 0; ii < h; ii++) {
                    int src = ao + (ic + ib + ii) * lda + pc;
                    for (int p = 0, d = base + ii; p < kc; p++, d += AB) {
                        dst[d] = a[src + p];
                    }
                }
                for (int ii = h; ii < AB; ii++) {
                    for (int p = 0, d = base + ii; p < kc; p++, d += AB) {
                        dst[d] = 0f;
                    }
                }
            } else {
                // A is stored k×m: the AB values of one k index are contiguous
                int src = ao + pc * lda + ic + ib;
                if (h == AB && AB == L) {
                    for (int p = 0; p < kc; p++, src += lda) {
                        FloatVector.fromArray(S, a, src).intoArray(dst, base + p * AB);
                    }
                } else {
                    for (int p = 0; p < kc; p++, src += lda) {
                        int d = base + p * AB;
                        for (int ii = 0; ii < h; ii++) {
                            dst[d + ii] = a[src + ii];
                        }
                        for (int ii = h; ii < AB; ii++) {
                            dst[d + ii] = 0f;
                        }
                    }
                }
            }
        }
    }

    /** Where kernel panel ip (rows ip·MR on) starts in packed A: its block, then its half. */
    private static int aPanel(int ip, int kc) {
        return ip / 2 * AB * kc + ip % 2 * MR;
    }

    /**
     * The MR×NR tile at c[cOff] (row stride ldc) (+)= packed A panel · packed B panel over kc.
     * Only the top-left mr×nr part is written. The accumulators go through the small tile
     * array on their way to C: one path for full and edge tiles keeps each kernel small enough
     * for C2 to hold all 2·MR accumulators in registers (with both paths inline, an 8-row kernel
     * ran 5× slower).
     */
    private static void kernel(float[] ap, int aOff, float[] bp, int bOff, int kc,
                               float[] c, int cOff, int ldc, boolean overwrite, int mr, int nr, float[] tile) {
        if (MR == 8) {
            kernel8(ap, aOff, bp, bOff, kc, c, cOff, ldc, overwrite, mr, nr, tile);
        } else {
            kernel4(ap, aOff, bp, bOff, kc, c, cOff, ldc, overwrite, mr, nr, tile);
        }
    }

    private static void kernel8(float[] ap, int aOff, float[] bp, int bOff, int kc,
                                float[] c, int cOff, int ldc, boolean overwrite, int mr, int nr, float[] tile) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S);
        FloatVector c60 = FloatVector.zero(S), c61 = FloatVector.zero(S);
        FloatVector c70 = FloatVector.zero(S), c71 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++, aOff += AB, bOff += NR) {
            FloatVector b0 = FloatVector.fromArray(S, bp, bOff);
            FloatVector b1 = FloatVector.fromArray(S, bp, bOff + L);
            FloatVector x = FloatVector.broadcast(S, ap[aOff]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, ap[aOff + 1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, ap[aOff + 2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, ap[aOff + 3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, ap[aOff + 4]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, ap[aOff + 5]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
            x = FloatVector.broadcast(S, ap[aOff + 6]);
            c60 = x.fma(b0, c60);
            c61 = x.fma(b1, c61);
            x = FloatVector.broadcast(S, ap[aOff + 7]);
            c70 = x.fma(b0, c70);
            c71 = x.fma(b1, c71);
        }
        c00.intoArray(tile, 0 * NR);
        c01.intoArray(tile, 0 * NR + L);
        c10.intoArray(tile, 1 * NR);
        c11.intoArray(tile, 1 * NR + L);
        c20.intoArray(tile, 2 * NR);
        c21.intoArray(tile, 2 * NR + L);
        c30.intoArray(tile, 3 * NR);
        c31.intoArray(tile, 3 * NR + L);
        c40.intoArray(tile, 4 * NR);
        c41.intoArray(tile, 4 * NR + L);
        c50.intoArray(tile, 5 * NR);
        c51.intoArray(tile, 5 * NR + L);
        c60.intoArray(tile, 6 * NR);
        c61.intoArray(tile, 6 * NR + L);
        c70.intoArray(tile, 7 * NR);
        c71.intoArray(tile, 7 * NR + L);
        writeTile(tile, c, cOff, ldc, overwrite, mr, nr);
    }

    private static void kernel4(float[] ap, int aOff, float[] bp, int bOff, int kc,
                                float[] c, int cOff, int ldc, boolean overwrite, int mr, int nr, float[] tile) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++, aOff += AB, bOff += NR) {
            FloatVector b0 = FloatVector.fromArray(S, bp, bOff);
            FloatVector b1 = FloatVector.fromArray(S, bp, bOff + L);
            FloatVector x = FloatVector.broadcast(S, ap[aOff]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, ap[aOff + 1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, ap[aOff + 2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, ap[aOff + 3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
        }
        c00.intoArray(tile, 0 * NR);
        c01.intoArray(tile, 0 * NR + L);
        c10.intoArray(tile, 1 * NR);
        c11.intoArray(tile, 1 * NR + L);
        c20.intoArray(tile, 2 * NR);
        c21.intoArray(tile, 2 * NR + L);
        c30.intoArray(tile, 3 * NR);
        c31.intoArray(tile, 3 * NR + L);
        writeTile(tile, c, cOff, ldc, overwrite, mr, nr);
    }

    /**
     * One row of C (+)= a row of A (read in place at a[aOff], kc long) · a packed B panel: the
     * same FMA chain as any row of {@link #kernel4} and {@link #kernel8}, so a row's bits do not
     * depend on whether it fell in a full panel.
     */
    private static void kernel1(float[] a, int aOff, float[] bp, int bOff, int kc,
                                float[] c, int cOff, boolean overwrite, int nr, float[] tile) {
        FloatVector c0 = FloatVector.zero(S), c1 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++, bOff += NR) {
            FloatVector x = FloatVector.broadcast(S, a[aOff + p]);
            c0 = x.fma(FloatVector.fromArray(S, bp, bOff), c0);
            c1 = x.fma(FloatVector.fromArray(S, bp, bOff + L), c1);
        }
        c0.intoArray(tile, 0);
        c1.intoArray(tile, L);
        writeTile(tile, c, cOff, 0, overwrite, 1, nr);
    }

    /** C[0..mr, 0..nr) (+)= tile. */
    private static void writeTile(float[] tile, float[] c, int cOff, int ldc, boolean overwrite, int mr, int nr) {
        if (nr == NR) {
            for (int i = 0; i < mr; i++) {
                int row = cOff + i * ldc;
                FloatVector lo = FloatVector.fromArray(S, tile, i * NR);
                FloatVector hi = FloatVector.fromArray(S, tile, i * NR + L);
                if (!overwrite) {
                    lo = FloatVector.fromArray(S, c, row).add(lo);
                    hi = FloatVector.fromArray(S, c, row + L).add(hi);
                }
                lo.intoArray(c, row);
                hi.intoArray(c, row + L);
            }
            return;
        }
        for (int i = 0; i < mr; i++) {
            int row = cOff + i * ldc;
            for (int j = 0; j < nr; j++) {
                c[row + j] = overwrite ? tile[i * NR + j] : c[row + j] + tile[i * NR + j];
            }
        }
    }
}
