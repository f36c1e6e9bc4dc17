package recur.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.ojalgo.matrix.store.R064Store;

/**
 * The fast products against the naive reference and against ojAlgo, over shapes chosen to hit
 * every edge of the blocking (sizes around the panel widths, depth and row blocks), all four
 * transpose forms, offsets, padded leading dimensions and both accumulate modes; and the
 * bit-identity of results across thread counts.
 */
class GemmTest {
    static {
        OjAlgo.configure();
    }

    private static final int[] EDGE = {1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65};

    @AfterEach
    void resetThreads() {
        Threads.set(1);
    }

    /** One product's operands, laid out with a random offset and padded leading dimensions. */
    private static final class Case {
        final boolean ta, tb, acc;
        final int m, n, k, ao, lda, bo, ldb, co, ldc;
        final float[] a, b, c0;

        Case(SplittableRandom r, boolean ta, boolean tb, boolean acc, int m, int n, int k) {
            this.ta = ta;
            this.tb = tb;
            this.acc = acc;
            this.m = m;
            this.n = n;
            this.k = k;
            lda = (ta ? m : k) + (r.nextBoolean() ? 0 : r.nextInt(1, 9));
            ldb = (tb ? k : n) + (r.nextBoolean() ? 0 : r.nextInt(1, 9));
            ldc = n + (r.nextBoolean() ? 0 : r.nextInt(1, 9));
            ao = r.nextInt(0, 5);
            bo = r.nextInt(0, 5);
            co = r.nextInt(0, 5);
            a = random(r, ao + (ta ? k : m) * lda + 3);
            b = random(r, bo + (tb ? n : k) * ldb + 3);
            c0 = random(r, co + m * ldc + 3);
        }

        float opA(int i, int p) {
            return ta ? a[ao + p * lda + i] : a[ao + i * lda + p];
        }

        float opB(int p, int j) {
            return tb ? b[bo + j * ldb + p] : b[bo + p * ldb + j];
        }

        float[] run(GemmKernel kernel, int threads) {
            float[] c = c0.clone();
            Gemm.multiply(kernel, threads, ta, tb, m, n, k, a, ao, lda, b, bo, ldb, acc, c, co, ldc);
            return c;
        }

        float[] runPublic() {
            float[] c = c0.clone();
            Gemm.gemm(ta, tb, m, n, k, a, ao, lda, b, bo, ldb, acc, c, co, ldc);
            return c;
        }

        float[] reference() {
            float[] c = c0.clone();
            Gemm.reference(ta, tb, m, n, k, a, ao, lda, b, bo, ldb, acc, c, co, ldc);
            return c;
        }

        /** C (+)= op(A)·op(B) computed by ojAlgo in double. */
        float[] ojAlgo() {
            R064Store x = R064Store.FACTORY.make(m, k);
            R064Store y = R064Store.FACTORY.make(k, n);
            R064Store z = R064Store.FACTORY.make(m, n);
            for (int i = 0; i < m; i++) {
                for (int p = 0; p < k; p++) {
                    x.set(i, p, opA(i, p));
                }
            }
            for (int p = 0; p < k; p++) {
                for (int j = 0; j < n; j++) {
                    y.set(p, j, opB(p, j));
                }
            }
            z.fillByMultiplying(x, y);
            float[] c = c0.clone();
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    int at = co + i * ldc + j;
                    c[at] = (float) ((acc ? c0[at] : 0.0) + z.doubleValue(i, j));
                }
            }
            return c;
        }

        /** Checks {@code got} against {@code want} inside C, and that nothing outside C moved. */
        void assertClose(String what, float[] want, float[] got) {
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    int at = co + i * ldc + j;
                    double scale = acc ? Math.abs(c0[at]) : 0;
                    for (int p = 0; p < k; p++) {
                        scale += Math.abs((double) opA(i, p) * opB(p, j));
                    }
                    double err = Math.abs((double) got[at] - want[at]);
                    if (!(err <= 1e-5 * scale + 1e-30)) {
                        fail(this + " " + what + ": C[" + i + "," + j + "] = " + got[at] + ", want " + want[at]
                                + " (error " + err + ", scale " + scale + ")");
                    }
                }
            }
            boolean[] inside = new boolean[c0.length];
            for (int i = 0; i < m; i++) {
                Arrays.fill(inside, co + i * ldc, co + i * ldc + n, true);
            }
            for (int x = 0; x < c0.length; x++) {
                if (!inside[x] && Float.floatToRawIntBits(got[x]) != Float.floatToRawIntBits(c0[x])) {
                    fail(this + " " + what + ": wrote outside C at flat index " + x);
                }
            }
        }

        @Override
        public String toString() {
            return (ta ? "T" : "N") + (tb ? "T" : "N") + " m=" + m + " n=" + n + " k=" + k + " lda=" + lda + " ldb=" + ldb
                    + " ldc=" + ldc + " ao=" + ao + " bo=" + bo + " co=" + co + (acc ? " C+=" : " C=");
        }
    }

    @Test
    void insideRowInvariantARowHasTheSameBitsWhateverRowsShareItsProduct() {
        SplittableRandom r = new SplittableRandom(21);
        // sizes that outside the mode take the direct loop (m·n·k ≤ 4096), the dot path (A·Bᵀ, few rows) or the packed one
        int[][] sizes = {{19, 3, 40}, {21, 64, 100}, {33, 600, 150}, {9, 7, 5}};
        for (int[] sz : sizes) {
            int m = sz[0], n = sz[1], k = sz[2];
            for (boolean ta : new boolean[] {false, true}) {
                for (boolean tb : new boolean[] {false, true}) {
                    float[] a = random(r, m * k);
                    float[] b = random(r, n * k);
                    float[] bias = random(r, n);
                    float[] all = new float[m * n];
                    for (int i = 0; i < m; i++) {
                        System.arraycopy(bias, 0, all, i * n, n);
                    }
                    Gemm.rowInvariant(() -> {
                        Gemm.gemm(ta, tb, m, n, k, a, 0, ta ? m : k, b, 0, tb ? k : n, true, all, 0, n);
                        return null;
                    });
                    for (int i = 0; i < m; i++) {
                        float[] row = new float[k];
                        for (int p = 0; p < k; p++) {
                            row[p] = ta ? a[p * m + i] : a[i * k + p];
                        }
                        float[] one = bias.clone();
                        Gemm.rowInvariant(() -> {
                            Gemm.gemm(false, tb, 1, n, k, row, 0, k, b, 0, tb ? k : n, true, one, 0, n);
                            return null;
                        });
                        assertArrayEquals(one, Arrays.copyOfRange(all, i * n, i * n + n),
                                Arrays.toString(sz) + " transA " + ta + " transB " + tb + " row " + i);
                    }
                }
            }
        }
    }

    private static float[] random(SplittableRandom r, int size) {
        float[] x = new float[size];
        for (int i = 0; i < size; i++) {
            x[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return x;
    }

    private static List<GemmKernel> kernels() {
        List<GemmKernel> ks = new ArrayList<>();
        ks.add(PlainGemm.INSTANCE);
        if (Simd.AVAILABLE) {
            ks.add(Gemm.kernel());
        }
        return ks;
    }

    private static List<Case> cases(long seed, int count) {
        SplittableRandom r = new SplittableRandom(seed);
        List<Case> cases = new ArrayList<>();
        for (int t = 0; t < count; t++) {
            int m = EDGE[r.nextInt(EDGE.length)];
            int n = EDGE[r.nextInt(EDGE.length)];
            int k = EDGE[r.nextInt(EDGE.length)];
            cases.add(new Case(r, r.nextBoolean(), r.nextBoolean(), r.nextBoolean(), m, n, k));
        }
        return cases;
    }

    @Test
    void edgeSizesMatchReferenceAndOjAlgo() {
        for (Case cs : cases(11, 300)) {
            float[] ref = cs.reference();
            cs.assertClose("ojAlgo vs reference", cs.ojAlgo(), ref);
            cs.assertClose("gemm", ref, cs.runPublic());
            for (GemmKernel kernel : kernels()) {
                cs.assertClose(kernel.getClass().getSimpleName(), ref, cs.run(kernel, 1));
            }
        }
    }

    @Test
    void allFormsAcrossBlockBoundaries() {
        SplittableRandom r = new SplittableRandom(5);
        int[][] shapes = {
            {121, 35, 257}, // more rows than one row block, depth just past one depth block
            {7, 2051, 19}, // more columns than one column block
            {250, 40, 520}, // three depth blocks, three row blocks
            {64, 200, 128}, // RNN-like step, exact multiples
            {20, 96, 300},
        };
        for (int[] s : shapes) {
            for (int form = 0; form < 4; form++) {
                for (boolean acc : new boolean[] {false, true}) {
                    Case cs = new Case(r, (form & 1) != 0, (form & 2) != 0, acc, s[0], s[1], s[2]);
                    float[] ref = cs.reference();
                    cs.assertClose("gemm", ref, cs.runPublic());
                    for (GemmKernel kernel : kernels()) {
                        cs.assertClose(kernel.getClass().getSimpleName(), ref, cs.run(kernel, 1));
                    }
                }
            }
        }
        Case cs = new Case(r, false, true, true, 33, 65, 63);
        cs.assertClose("ojAlgo", cs.ojAlgo(), cs.runPublic());
    }

    @Test
    void rowDotPathForSmallATimesBTransposed() {
        SplittableRandom r = new SplittableRandom(13);
        int[] ms = {1, 3, 4, 5, 17, 64, 128, 129};
        int[] ks = {63, 64, 65, 100, 1000};
        for (int m : ms) {
            for (int k : ks) {
                int n = 1 + r.nextInt(70);
                Case cs = new Case(r, false, true, r.nextBoolean(), m, n, k);
                float[] ref = cs.reference();
                cs.assertClose("gemm", ref, cs.runPublic());
                for (GemmKernel kernel : kernels()) {
                    cs.assertClose(kernel.getClass().getSimpleName(), ref, cs.run(kernel, 1));
                }
            }
        }
    }

    @Test
    void threadCountDoesNotChangeBits() {
        SplittableRandom r = new SplittableRandom(7);
        int[][] shapes = {{64, 520, 300}, {20, 1000, 64}, {65, 131, 257}, {3, 4100, 40}, {130, 300, 70}};
        for (int[] s : shapes) {
            assertTrue((long) s[0] * s[1] * s[2] >= Gemm.SPLIT_MIN, "shape too small to be split");
            for (int form = 0; form < 4; form++) {
                Case cs = new Case(r, (form & 1) != 0, (form & 2) != 0, form == 2, s[0], s[1], s[2]);
                for (GemmKernel kernel : kernels()) {
                    float[] one = cs.run(kernel, 1);
                    for (int threads = 2; threads <= 4; threads++) {
                        assertArrayEquals(one, cs.run(kernel, threads), cs + " " + threads + " threads");
                    }
                }
                Threads.set(1);
                float[] one = cs.runPublic();
                Threads.set(2);
                assertArrayEquals(one, cs.runPublic(), cs + " via gemm with 2 threads");
                cs.assertClose("gemm", cs.reference(), one);
            }
        }
    }

    /**
     * gemmColumns over panel-aligned parts gives gemm's bits, for every form, a direct-loop size,
     * and a product gemm computes transposed, whose columns it refuses.
     */
    @Test
    void gemmColumnsGivesTheBitsOfTheWholeProduct() {
        SplittableRandom r = new SplittableRandom(11);
        int w = Gemm.columnAlign();
        int[][] shapes = {{400, 200, 160}, {37, 3 * w + 5, 70}, {9, 2 * w, 7}, {20, 5 * w, 64}};
        for (int[] s : shapes) {
            for (int form = 0; form < 4; form++) {
                boolean ta = (form & 1) != 0, tb = (form & 2) != 0;
                Case cs = new Case(r, ta, tb, r.nextBoolean(), s[0], s[1], s[2]);
                assertTrue(Gemm.splitsByColumns(ta, tb, cs.m, cs.n, cs.k), cs.toString());
                float[] whole = cs.runPublic();
                int panels = (cs.n + w - 1) / w;
                for (int parts = 1; parts <= Math.min(3, panels); parts++) {
                    float[] c = cs.c0.clone();
                    for (int p = parts - 1; p >= 0; p--) {
                        int j0 = panels * p / parts * w, j1 = Math.min(cs.n, panels * (p + 1) / parts * w);
                        Gemm.gemmColumns(ta, tb, cs.m, cs.n, cs.k, cs.a, cs.ao, cs.lda, cs.b, cs.bo, cs.ldb, cs.acc,
                                c, cs.co, cs.ldc, j0, j1);
                    }
                    assertArrayEquals(whole, c, cs + " in " + parts + " parts");
                }
            }
        }
        // deep and narrow Aᵀ·B is computed as (Bᵀ·A)ᵀ: its columns cannot be computed apart
        Case swapped = new Case(r, true, false, false, 300, 40, 400);
        assertTrue(!Gemm.splitsByColumns(true, false, 300, 40, 400));
        assertThrows(IllegalArgumentException.class, () -> Gemm.gemmColumns(true, false, 300, 40, 400, swapped.a, swapped.ao,
                swapped.lda, swapped.b, swapped.bo, swapped.ldb, false, swapped.c0.clone(), swapped.co, swapped.ldc, 0, w));
        Case odd = new Case(r, false, false, false, 30, 3 * w, 40);
        assertThrows(IllegalArgumentException.class, () -> Gemm.gemmColumns(false, false, 30, 3 * w, 40, odd.a, odd.ao,
                odd.lda, odd.b, odd.bo, odd.ldb, false, odd.c0.clone(), odd.co, odd.ldc, 1, w));
    }

    @Test
    void columnBlocksComputedSeparatelyGiveTheSameBits() {
        SplittableRandom r = new SplittableRandom(9);
        for (GemmKernel kernel : kernels()) {
            int w = kernel.panelWidth();
            Case cs = new Case(r, true, true, true, 37, 5 * w + 3, 70);
            float[] whole = cs.run(kernel, 1);
            float[] parts = cs.c0.clone();
            for (int j0 = 0; j0 < cs.n; j0 += 2 * w) {
                int nn = Math.min(2 * w, cs.n - j0);
                kernel.multiply(cs.ta, cs.tb, cs.m, nn, cs.k, cs.a, cs.ao, cs.lda, cs.b, cs.bo + j0 * cs.ldb, cs.ldb,
                        cs.acc, parts, cs.co + j0, cs.ldc);
            }
            assertArrayEquals(whole, parts);
        }
    }

    @Test
    void contiguousShorthands() {
        SplittableRandom r = new SplittableRandom(3);
        int m = 19, n = 45, k = 33;
        float[] a = random(r, m * k), at = random(r, k * m), b = random(r, k * n), bt = random(r, n * k);
        float[] c = new float[m * n], want = new float[m * n];
        Gemm.nn(m, n, k, a, 0, b, 0, false, c, 0);
        Gemm.reference(false, false, m, n, k, a, 0, k, b, 0, n, false, want, 0, n);
        assertArrayEquals(want, c, 1e-4f);
        Gemm.nt(m, n, k, a, 0, bt, 0, false, c, 0);
        Gemm.reference(false, true, m, n, k, a, 0, k, bt, 0, k, false, want, 0, n);
        assertArrayEquals(want, c, 1e-4f);
        Gemm.tn(m, n, k, at, 0, b, 0, true, c, 0);
        Gemm.reference(true, false, m, n, k, at, 0, m, b, 0, n, true, want, 0, n);
        assertArrayEquals(want, c, 1e-4f);
    }

    @Test
    void emptyDepthZeroesOrKeepsC() {
        float[] c = {1, 2, 3, 4};
        Gemm.gemm(false, false, 2, 2, 0, new float[0], 0, 0, new float[0], 0, 2, true, c, 0, 2);
        assertArrayEquals(new float[] {1, 2, 3, 4}, c);
        Gemm.gemm(false, false, 2, 2, 0, new float[0], 0, 0, new float[0], 0, 2, false, c, 0, 2);
        assertArrayEquals(new float[4], c);
        Gemm.gemm(false, false, 0, 2, 3, new float[0], 0, 3, new float[6], 0, 2, false, c, 0, 2);
    }

    @Test
    void nanAndInfinityPropagate() {
        for (GemmKernel kernel : kernels()) {
            int m = 9, n = 40, k = 30;
            float[] a = new float[m * k], b = new float[k * n], c = new float[m * n];
            Arrays.fill(a, 1f);
            Arrays.fill(b, 1f);
            a[2 * k + 5] = Float.NaN;
            b[7 * n + 3] = Float.POSITIVE_INFINITY;
            Gemm.multiply(kernel, 1, false, false, m, n, k, a, 0, k, b, 0, n, false, c, 0, n);
            assertTrue(Float.isNaN(c[2 * n + 11]));
            assertEquals(Float.POSITIVE_INFINITY, c[0 * n + 3]);
            assertEquals(30f, c[0]);
        }
    }

    @Test
    void badArgumentsAreRejected() {
        float[] x = new float[12];
        assertThrows(IllegalArgumentException.class,
                () -> Gemm.gemm(false, false, -1, 2, 2, x, 0, 2, x, 0, 2, false, x, 0, 2));
        assertThrows(IllegalArgumentException.class,
                () -> Gemm.gemm(false, false, 3, 2, 4, x, 0, 3, x, 0, 2, false, x, 0, 2));
        assertThrows(IllegalArgumentException.class,
                () -> Gemm.gemm(false, false, 3, 3, 4, x, 1, 4, x, 0, 3, false, new float[9], 0, 3));
    }

    @Test
    void implementationMatchesTheJvm() {
        assertEquals(Simd.AVAILABLE ? "vector" : "plain", Gemm.implementation());
    }

    @Test
    void deepNarrowTransposedProductsTakeTheSwappedPathAndMatchReference() {
        SplittableRandom r = new SplittableRandom(12);
        for (int[] mnk : new int[][] {{300, 7, 90}, {65, 16, 64}, {512, 33, 2500}}) {
            assertTrue(Gemm.swapsOperands(true, false, mnk[0], mnk[1], mnk[2]));
            for (boolean acc : new boolean[] {false, true}) {
                Case cs = new Case(r, true, false, acc, mnk[0], mnk[1], mnk[2]);
                cs.assertClose("swapped TN " + Arrays.toString(mnk), cs.reference(), cs.runPublic());
            }
        }
    }

    @Test
    void packedOperandGivesTheReferenceProductOnAnyThreadCount() {
        SplittableRandom r = new SplittableRandom(13);
        for (int[] mnk : new int[][] {{1, 1, 1}, {20, 800, 200}, {7, 33, 300}, {50, 2100, 17}, {3, 64, 513}}) {
            for (boolean tb : new boolean[] {false, true}) {
                for (boolean acc : new boolean[] {false, true}) {
                    Case cs = new Case(r, false, tb, acc, mnk[0], mnk[1], mnk[2]);
                    Gemm.PackedB packed = Gemm.pack(tb, cs.k, cs.n, cs.b, cs.bo, cs.ldb);
                    float[][] got = new float[2][];
                    for (int threads = 1; threads <= 2; threads++) {
                        Threads.set(threads);
                        got[threads - 1] = cs.c0.clone();
                        Gemm.gemm(cs.m, cs.a, cs.ao, cs.lda, packed, acc, got[threads - 1], cs.co, cs.ldc);
                    }
                    String what = "packed " + Arrays.toString(mnk) + (tb ? " transB" : "") + (acc ? " acc" : "");
                    cs.assertClose(what, cs.reference(), got[0]);
                    assertArrayEquals(got[0], got[1], what + ": 1 and 2 threads");
                }
            }
        }
    }

    @Test
    void aPackedProductRowHasTheSameBitsWhateverRowsShareIt() {
        // decoding batches records together and must give each the bits it gets alone
        SplittableRandom r = new SplittableRandom(14);
        int n = 70, k = 300, rows = 11;
        float[] a = new float[rows * k];
        float[] b = new float[n * k];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) r.nextGaussian();
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = (float) r.nextGaussian();
        }
        Gemm.PackedB packed = Gemm.pack(true, k, n, b, 0, k);
        float[] all = new float[rows * n];
        Gemm.gemm(rows, a, 0, k, packed, false, all, 0, n);
        for (int m = 1; m <= rows; m++) {
            for (int first = 0; first + m <= rows; first += 3) {
                float[] some = new float[m * n];
                Gemm.gemm(m, a, first * k, k, packed, false, some, 0, n);
                assertArrayEquals(Arrays.copyOfRange(all, first * n, (first + m) * n), some, m + " rows from " + first);
            }
        }
    }

    @Test
    void transposeMovesEveryElementAcrossBlockEdges() {
        SplittableRandom rnd = new SplittableRandom(7);
        for (int[] shape : new int[][] {{1, 1}, {1, 17}, {17, 1}, {16, 16}, {33, 20}, {200, 800}}) {
            int rows = shape[0], cols = shape[1];
            float[] a = new float[3 + rows * cols];
            for (int i = 0; i < a.length; i++) {
                a[i] = (float) rnd.nextGaussian();
            }
            float[] t = new float[2 + rows * cols];
            Arrays.fill(t, 1f);
            Gemm.transpose(rows, cols, a, 3, cols, t, 2, rows, false);
            float[] sum = t.clone();
            Gemm.transpose(rows, cols, a, 3, cols, sum, 2, rows, true);
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    assertEquals(a[3 + i * cols + j], t[2 + j * rows + i], rows + "x" + cols + " at " + i + "," + j);
                    assertEquals(2 * a[3 + i * cols + j], sum[2 + j * rows + i], "accumulated at " + i + "," + j);
                }
            }
        }
    }
}
