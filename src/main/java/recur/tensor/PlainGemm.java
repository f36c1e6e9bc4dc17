package recur.tensor;

import java.util.Arrays;

/**
 * The product without the Vector API, for JVMs started without {@code jdk.incubator.vector}.
 * C2 vectorises {@code acc[j] += a * row[j]} only when both arrays are indexed from zero by the
 * same index (with offsets it cannot rule out aliasing and stays scalar, 8–10× slower), so a
 * block of op(B) is first copied into separate row arrays and each output row is summed in a
 * zero-offset scratch row, then added into C. Blocks of NC columns and KC rows keep the copied
 * rows in cache. Each element of C is a float sum over one depth block added to C block after
 * block, in an order that depends only on k, so column splits over threads do not change bits.
 */
final class PlainGemm implements GemmKernel {
    private static final int KC = 256;
    private static final int NC = 1024;

    static final PlainGemm INSTANCE = new PlainGemm();

    private static final ThreadLocal<Workspace> WORKSPACE = ThreadLocal.withInitial(Workspace::new);

    private static final class Workspace {
        final float[][] rows = new float[KC][NC];
        final float[] acc = new float[NC];
    }

    private PlainGemm() {}

    @Override
    public int panelWidth() {
        return 16;
    }

    @Override
    public void multiply(boolean transA, boolean transB, int m, int n, int k,
                         float[] a, int ao, int lda, float[] b, int bo, int ldb,
                         boolean accumulate, float[] c, int co, int ldc) {
        Workspace ws = WORKSPACE.get();
        float[][] rows = ws.rows;
        float[] acc = ws.acc;
        for (int jc = 0; jc < n; jc += NC) {
            int nc = Math.min(NC, n - jc);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                boolean overwrite = pc == 0 && !accumulate;
                if (!transB) {
                    for (int p = 0; p < kc; p++) {
                        System.arraycopy(b, bo + (pc + p) * ldb + jc, rows[p], 0, nc);
                    }
                } else {
                    for (int j = 0; j < nc; j++) {
                        int src = bo + (jc + j) * ldb + pc;
                        for (int p = 0; p < kc; p++) {
                            rows[p][j] = b[src + p];
                        }
                    }
                }
                for (int i = 0; i < m; i++) {
                    Arrays.fill(acc, 0, nc, 0f);
                    int ai = transA ? ao + pc * lda + i : ao + i * lda + pc;
                    int aStep = transA ? lda : 1;
                    for (int p = 0; p < kc; p++, ai += aStep) {
                        axpy(a[ai], rows[p], acc, nc);
                    }
                    int row = co + i * ldc + jc;
                    if (overwrite) {
                        System.arraycopy(acc, 0, c, row, nc);
                    } else {
                        for (int j = 0; j < nc; j++) {
                            c[row + j] += acc[j];
                        }
                    }
                }
            }
        }
    }

    @Override
    public Object pack(boolean transB, int k, int n, float[] b, int bo, int ldb) {
        float[] copy = new float[k * n];
        for (int p = 0; p < k; p++) {
            for (int j = 0; j < n; j++) {
                copy[p * n + j] = transB ? b[bo + j * ldb + p] : b[bo + p * ldb + j];
            }
        }
        return copy;
    }

    @Override
    public void multiplyPacked(int m, int n, int k, float[] a, int ao, int lda, Object packed, int j0, int j1,
                               boolean accumulate, float[] c, int co, int ldc) {
        multiply(false, false, m, j1 - j0, k, a, ao, lda, (float[]) packed, j0, n, accumulate, c, co + j0, ldc);
    }

    /** acc[j] += x · row[j]: zero offsets and one index, the form C2 turns into vector code. */
    private static void axpy(float x, float[] row, float[] acc, int n) {
        for (int j = 0; j < n; j++) {
            acc[j] += x * row[j];
        }
    }
}
