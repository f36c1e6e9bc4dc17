package recur.nn;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API versions of the cells' per-row update loops. Loaded only when
 * {@link recur.tensor.Simd#AVAILABLE}; C2 leaves the offset-indexed scalar loops unvectorised.
 * Each method does exactly the scalar loop's multiplications and additions in the same order
 * (no fused multiply-add), so both paths give identical bits; the scalar loop finishes the tail.
 */
final class CellSimd {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private CellSimd() {}

    /** LSTM row: c'[j] = f[j]·c[j] + i[j]·g[j]; returns how many leading entries were done. */
    static int lstmCell(float[] g, int r, int H, float[] cPrev, int cp, float[] cNew, int cn) {
        int n = S.loopBound(H);
        for (int j = 0; j < n; j += S.length()) {
            FloatVector i = FloatVector.fromArray(S, g, r + j);
            FloatVector f = FloatVector.fromArray(S, g, r + H + j);
            FloatVector gg = FloatVector.fromArray(S, g, r + 2 * H + j);
            FloatVector c = FloatVector.fromArray(S, cPrev, cp + j);
            f.mul(c).add(i.mul(gg)).intoArray(cNew, cn + j);
        }
        return n;
    }

    /** CIFG row: c'[j] = f[j]·c[j] + (1−f[j])·g[j]. */
    static int cifgCell(float[] g, int r, int H, float[] cPrev, int cp, float[] cNew, int cn) {
        int n = S.loopBound(H);
        for (int j = 0; j < n; j += S.length()) {
            FloatVector f = FloatVector.fromArray(S, g, r + j);
            FloatVector gg = FloatVector.fromArray(S, g, r + H + j);
            FloatVector c = FloatVector.fromArray(S, cPrev, cp + j);
            f.mul(c).add(f.neg().add(1f).mul(gg)).intoArray(cNew, cn + j);
        }
        return n;
    }

    /** dst[j] = a[j]·b[j]. */
    static int mul(float[] a, int ao, float[] b, int bo, float[] dst, int dO, int len) {
        int n = S.loopBound(len);
        for (int j = 0; j < n; j += S.length()) {
            FloatVector.fromArray(S, a, ao + j).mul(FloatVector.fromArray(S, b, bo + j)).intoArray(dst, dO + j);
        }
        return n;
    }

    /** dst[j] = a[j] + b[j]; dst may be a itself (a[j] += b[j]). */
    static int sum(float[] a, int ao, float[] b, int bo, float[] dst, int dO, int len) {
        int n = S.loopBound(len);
        for (int j = 0; j < n; j += S.length()) {
            FloatVector.fromArray(S, a, ao + j).add(FloatVector.fromArray(S, b, bo + j)).intoArray(dst, dO + j);
        }
        return n;
    }

    /** LSTM backward row, the same expressions as {@link LstmCell#backward}, not coupled. */
    static int lstmBackward(float[] g, int r, int H, float[] cPrev, int cp, float[] tc, int tr,
                            float[] dh, float[] dc, int s, float[] dhPrev) {
        int n = S.loopBound(H);
        FloatVector zero = FloatVector.zero(S);
        for (int j = 0; j < n; j += S.length()) {
            FloatVector i = FloatVector.fromArray(S, g, r + j);
            FloatVector f = FloatVector.fromArray(S, g, r + H + j);
            FloatVector gg = FloatVector.fromArray(S, g, r + 2 * H + j);
            FloatVector o = FloatVector.fromArray(S, g, r + 3 * H + j);
            FloatVector t = FloatVector.fromArray(S, tc, tr + j);
            FloatVector d = FloatVector.fromArray(S, dh, s + j);
            FloatVector dct = FloatVector.fromArray(S, dc, s + j).add(d.mul(o).mul(t.mul(t).neg().add(1f)));
            dct.mul(gg).mul(i).mul(i.neg().add(1f)).intoArray(g, r + j);
            dct.mul(FloatVector.fromArray(S, cPrev, cp + j)).mul(f).mul(f.neg().add(1f)).intoArray(g, r + H + j);
            dct.mul(i).mul(gg.mul(gg).neg().add(1f)).intoArray(g, r + 2 * H + j);
            d.mul(t).mul(o).mul(o.neg().add(1f)).intoArray(g, r + 3 * H + j);
            dct.mul(f).intoArray(dc, s + j);
            zero.intoArray(dhPrev, s + j);
        }
        return n;
    }

    /** CIFG backward row, the same expressions as {@link LstmCell#backward}, coupled. */
    static int cifgBackward(float[] g, int r, int H, float[] cPrev, int cp, float[] tc, int tr,
                            float[] dh, float[] dc, int s, float[] dhPrev) {
        int n = S.loopBound(H);
        FloatVector zero = FloatVector.zero(S);
        for (int j = 0; j < n; j += S.length()) {
            FloatVector f = FloatVector.fromArray(S, g, r + j);
            FloatVector gg = FloatVector.fromArray(S, g, r + H + j);
            FloatVector o = FloatVector.fromArray(S, g, r + 2 * H + j);
            FloatVector t = FloatVector.fromArray(S, tc, tr + j);
            FloatVector d = FloatVector.fromArray(S, dh, s + j);
            FloatVector dct = FloatVector.fromArray(S, dc, s + j).add(d.mul(o).mul(t.mul(t).neg().add(1f)));
            FloatVector omf = f.neg().add(1f);
            dct.mul(FloatVector.fromArray(S, cPrev, cp + j).sub(gg)).mul(f).mul(omf).intoArray(g, r + j);
            dct.mul(omf).mul(gg.mul(gg).neg().add(1f)).intoArray(g, r + H + j);
            d.mul(t).mul(o).mul(o.neg().add(1f)).intoArray(g, r + 2 * H + j);
            dct.mul(f).intoArray(dc, s + j);
            zero.intoArray(dhPrev, s + j);
        }
        return n;
    }

    /** GRU: hn[j] = s_n[j] + b_hn[j]; a_n[j] += r[j]·hn[j]. */
    static int gruCandidate(float[] g, int r, int H, float[] s, int sr, float[] bhn, int bo, float[] hn, int nr) {
        int n = S.loopBound(H);
        for (int j = 0; j < n; j += S.length()) {
            FloatVector v = FloatVector.fromArray(S, s, sr + j).add(FloatVector.fromArray(S, bhn, bo + j));
            v.intoArray(hn, nr + j);
            FloatVector.fromArray(S, g, r + 2 * H + j).add(FloatVector.fromArray(S, g, r + j).mul(v)).intoArray(g, r + 2 * H + j);
        }
        return n;
    }

    /** GRU: h'[j] = (1−z[j])·n[j] + z[j]·h[j]. */
    static int gruState(float[] g, int r, int H, float[] hPrev, int hp, float[] hNew, int hw) {
        int n = S.loopBound(H);
        for (int j = 0; j < n; j += S.length()) {
            FloatVector z = FloatVector.fromArray(S, g, r + H + j);
            FloatVector nn = FloatVector.fromArray(S, g, r + 2 * H + j);
            z.neg().add(1f).mul(nn).add(z.mul(FloatVector.fromArray(S, hPrev, hp + j))).intoArray(hNew, hw + j);
        }
        return n;
    }

    /** GRU backward row, the same expressions as {@link GruCell#backward}. */
    static int gruBackward(float[] g, int r, int H, float[] hn, int nr, float[] hPrev, int hp,
                           float[] dh, int s, float[] dhPrev) {
        int n = S.loopBound(H);
        for (int j = 0; j < n; j += S.length()) {
            FloatVector rr = FloatVector.fromArray(S, g, r + j);
            FloatVector z = FloatVector.fromArray(S, g, r + H + j);
            FloatVector nn = FloatVector.fromArray(S, g, r + 2 * H + j);
            FloatVector d = FloatVector.fromArray(S, dh, s + j);
            FloatVector dan = d.mul(z.neg().add(1f)).mul(nn.mul(nn).neg().add(1f));
            FloatVector dz = d.mul(FloatVector.fromArray(S, hPrev, hp + j).sub(nn));
            dan.mul(FloatVector.fromArray(S, hn, nr + j)).mul(rr).mul(rr.neg().add(1f)).intoArray(g, r + j);
            dz.mul(z).mul(z.neg().add(1f)).intoArray(g, r + H + j);
            dan.mul(rr).intoArray(g, r + 2 * H + j);
            dan.intoArray(hn, nr + j);
            d.mul(z).intoArray(dhPrev, s + j);
        }
        return n;
    }

    /** tanh RNN backward: g[j] = dh[j]·(1 − g[j]²); dhPrev[j] = 0. */
    static int tanhBackward(float[] g, int r, int H, float[] dh, int s, float[] dhPrev) {
        int n = S.loopBound(H);
        FloatVector zero = FloatVector.zero(S);
        for (int j = 0; j < n; j += S.length()) {
            FloatVector h = FloatVector.fromArray(S, g, r + j);
            FloatVector.fromArray(S, dh, s + j).mul(h.mul(h).neg().add(1f)).intoArray(g, r + j);
            zero.intoArray(dhPrev, s + j);
        }
        return n;
    }
}
