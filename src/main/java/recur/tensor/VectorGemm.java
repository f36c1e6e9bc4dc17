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
 * <p>Each element of C is a float FMA chain over one depth block, added to C block after block;
 * that order depends only on k, never on which rows or columns share a call, so splitting the
 * columns over threads gives the same bits.
 *
 * <p>Loaded only when {@link Simd#AVAILABLE}: nothing outside this class names the Vector API.
 */
final class VectorGemm implements GemmKernel {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    static final int MR = 4;
    static final int NR = 2 * L;
    private static final int KC = 256;
    private static final int MC = 120;
    private static final int NC = 2048;

    private static final ThreadLocal<Workspace> WORKSPACE = ThreadLocal.withInitial(Workspace::new);

    /** Packed panels and an edge tile, reused across calls on one thread. */
    private static final class Workspace {
        float[] a = new float[0];
        float[] b = new float[0];
        final float[] tile = new float[MR * NR];

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
                    float[] ap = ws.a(mcPanels * MR * kc);
                    packA(transA, a, ao, lda, ic, mc, pc, kc, ap);
                    for (int jp = 0; jp < ncPanels; jp++) {
                        int j = jc + jp * NR;
                        int nr = Math.min(NR, n - j);
                        int bOff = jp * NR * kc;
                        for (int ip = 0; ip < mcPanels; ip++) {
                            int i = ic + ip * MR;
                            int mr = Math.min(MR, m - i);
                            kernel(ap, ip * MR * kc, bp, bOff, kc, c, co + i * ldc + j, ldc, overwrite, mr, nr, ws.tile);
                        }
                    }
                }
            }
        }
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
                // B is stored n×k: column j of op(B) is a contiguous row of B.
                for (int jj = 0; jj < w; jj++) {
                    int src = bo + (jc + jp + jj) * ldb + pc;
                    for (int p = 0, d = base + jj; p < kc; p++, d += NR) {
                        dst[d] = b[src + p];
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

    /** Copies op(A)[ic:ic+mc, pc:pc+kc] into panels of MR rows, each kc columns of MR floats. */
    private static void packA(boolean transA, float[] a, int ao, int lda, int ic, int mc, int pc, int kc, float[] dst) {
        for (int ip = 0; ip < mc; ip += MR) {
            int h = Math.min(MR, mc - ip);
            int base = ip * kc;
            if (!transA) {
                for (int ii = 0; ii < h; ii++) {
                    int src = ao + (ic + ip + ii) * lda + pc;
                    for (int p = 0, d = base + ii; p < kc; p++, d += MR) {
                        dst[d] = a[src + p];
                    }
                }
                for (int ii = h; ii < MR; ii++) {
                    for (int p = 0, d = base + ii; p < kc; p++, d += MR) {
                        dst[d] = 0f;
                    }
                }
            } else {
                // A is stored k×m: the MR values of one k index are contiguous.
                int src = ao + pc * lda + ic + ip;
                for (int p = 0; p < kc; p++, src += lda) {
                    int d = base + p * MR;
                    for (int ii = 0; ii < h; ii++) {
                        dst[d + ii] = a[src + ii];
                    }
                    for (int ii = h; ii < MR; ii++) {
                        dst[d + ii] = 0f;
                    }
                }
            }
        }
    }

    /**
     * The MR×NR tile at c[cOff] (row stride ldc) (+)= packed A panel · packed B panel over kc.
     * Only the top-left mr×nr part is written.
     */
    private static void kernel(float[] ap, int aOff, float[] bp, int bOff, int kc,
                               float[] c, int cOff, int ldc, boolean overwrite, int mr, int nr, float[] tile) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++, aOff += MR, bOff += NR) {
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
        if (mr == MR && nr == NR) {
            store(c00, c01, c, cOff, overwrite);
            store(c10, c11, c, cOff + ldc, overwrite);
            store(c20, c21, c, cOff + 2 * ldc, overwrite);
            store(c30, c31, c, cOff + 3 * ldc, overwrite);
        } else {
            c00.intoArray(tile, 0);
            c01.intoArray(tile, L);
            c10.intoArray(tile, NR);
            c11.intoArray(tile, NR + L);
            c20.intoArray(tile, 2 * NR);
            c21.intoArray(tile, 2 * NR + L);
            c30.intoArray(tile, 3 * NR);
            c31.intoArray(tile, 3 * NR + L);
            for (int i = 0; i < mr; i++) {
                int row = cOff + i * ldc;
                for (int j = 0; j < nr; j++) {
                    c[row + j] = overwrite ? tile[i * NR + j] : c[row + j] + tile[i * NR + j];
                }
            }
        }
    }

    private static void store(FloatVector lo, FloatVector hi, float[] c, int off, boolean overwrite) {
        if (!overwrite) {
            lo = FloatVector.fromArray(S, c, off).add(lo);
            hi = FloatVector.fromArray(S, c, off + L).add(hi);
        }
        lo.intoArray(c, off);
        hi.intoArray(c, off + L);
    }
}
