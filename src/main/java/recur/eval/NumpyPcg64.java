package recur.eval;

/**
 * The random stream of numpy's {@code np.random.default_rng(seed)} (PCG64, XSL-RR output, seeded
 * through numpy's SeedSequence) and its {@code choice(n, size, replace=True)}, so that recur's
 * bootstrap resamples the very segments sacrebleu's do and prints the same confidence intervals
 * and p-values. Only what bootstrap needs: non-negative integer seeds, draws below 2^32.
 */
public final class NumpyPcg64 {
    // 128-bit LCG multiplier of PCG (PCG_DEFAULT_MULTIPLIER_128)
    private static final long MUL_HI = 0x2360ED051FC65DA4L;
    private static final long MUL_LO = 0x4385DF649FCCF645L;

    private long stateHi;
    private long stateLo;
    private final long incHi;
    private final long incLo;
    private boolean hasHalf;
    private int half;

    /** The generator of {@code np.random.default_rng(seed)}. */
    public NumpyPcg64(long seed) {
        if (seed < 0) {
            throw new IllegalArgumentException("seed must be non-negative, got " + seed);
        }
        long[] words = seedSequenceState(seed, 4);
        // pcg_setseq_128_srandom_r: state = 0, inc = initseq << 1 | 1, step, state += initstate, step
        long seqHi = words[2];
        long seqLo = words[3];
        incHi = (seqHi << 1) | (seqLo >>> 63);
        incLo = (seqLo << 1) | 1;
        stateHi = 0;
        stateLo = 0;
        step();
        long lo = stateLo + words[1];
        stateHi = stateHi + words[0] + (Long.compareUnsigned(lo, stateLo) < 0 ? 1 : 0);
        stateLo = lo;
        step();
    }

    private void step() {
        // state = state * MUL + inc (mod 2^128)
        long lo = stateLo * MUL_LO;
        long hi = unsignedMultiplyHigh(stateLo, MUL_LO) + stateLo * MUL_HI + stateHi * MUL_LO;
        long sumLo = lo + incLo;
        hi += incHi + (Long.compareUnsigned(sumLo, lo) < 0 ? 1 : 0);
        stateLo = sumLo;
        stateHi = hi;
    }

    // Math.unsignedMultiplyHigh arrived in Java 18
    private static long unsignedMultiplyHigh(long a, long b) {
        return Math.multiplyHigh(a, b) + ((a >> 63) & b) + ((b >> 63) & a);
    }

    /** The next 64 bits ({@code bit_generator.random_raw()}). */
    public long nextLong() {
        step();
        return Long.rotateRight(stateHi ^ stateLo, (int) (stateHi >>> 58));
    }

    /** The next 32 bits: the low half of a 64-bit draw, then its high half. */
    public int nextInt() {
        if (hasHalf) {
            hasHalf = false;
            return half;
        }
        long next = nextLong();
        hasHalf = true;
        half = (int) (next >>> 32);
        return (int) next;
    }

    /** A uniform integer in [0, n), drawn as numpy's {@code integers(0, n)} does (Lemire's method). */
    public int below(int n) {
        if (n <= 0) {
            throw new IllegalArgumentException("n must be positive, got " + n);
        }
        if (n == 1) {
            return 0;
        }
        long excl = n;
        long m = (nextInt() & 0xFFFFFFFFL) * excl;
        long leftover = m & 0xFFFFFFFFL;
        if (leftover < excl) {
            long threshold = (0xFFFFFFFFL - (excl - 1)) % excl;
            while (leftover < threshold) {
                m = (nextInt() & 0xFFFFFFFFL) * excl;
                leftover = m & 0xFFFFFFFFL;
            }
        }
        return (int) (m >>> 32);
    }

    /** {@code rng.choice(n, size=(rows, n), replace=True)}: rows of n indices, row by row. */
    public int[][] choice(int n, int rows) {
        int[][] out = new int[rows][n];
        for (int[] row : out) {
            for (int j = 0; j < n; j++) {
                row[j] = below(n);
            }
        }
        return out;
    }

    /** numpy's SeedSequence(seed).generate_state(words, uint64). */
    static long[] seedSequenceState(long seed, int words) {
        int[] entropy = seed >>> 32 == 0 ? new int[] {(int) seed} : new int[] {(int) seed, (int) (seed >>> 32)};
        int[] pool = new int[4];
        int[] hashConst = {0x43b0d7e5};
        for (int i = 0; i < pool.length; i++) {
            pool[i] = hashmix(i < entropy.length ? entropy[i] : 0, hashConst);
        }
        for (int src = 0; src < pool.length; src++) {
            for (int dst = 0; dst < pool.length; dst++) {
                if (src != dst) {
                    pool[dst] = mix(pool[dst], hashmix(pool[src], hashConst));
                }
            }
        }
        for (int src = pool.length; src < entropy.length; src++) {
            for (int dst = 0; dst < pool.length; dst++) {
                pool[dst] = mix(pool[dst], hashmix(entropy[src], hashConst));
            }
        }
        int[] state = new int[2 * words];
        int h = 0x8b51f9dd;
        for (int i = 0; i < state.length; i++) {
            int v = pool[i % pool.length];
            v ^= h;
            h *= 0x58f38ded;
            v *= h;
            v ^= v >>> 16;
            state[i] = v;
        }
        long[] out = new long[words];
        for (int i = 0; i < words; i++) {
            out[i] = (state[2 * i] & 0xFFFFFFFFL) | ((long) state[2 * i + 1] << 32);
        }
        return out;
    }

    private static int hashmix(int value, int[] hashConst) {
        value ^= hashConst[0];
        hashConst[0] *= 0x931e8875;
        value *= hashConst[0];
        value ^= value >>> 16;
        return value;
    }

    private static int mix(int x, int y) {
        int r = 0xca01f9dd * x - 0x4973f715 * y;
        return r ^ (r >>> 16);
    }
}
