package recur.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import recur.tensor.Gemm;
import recur.tensor.Threads;

/**
 * Times {@link Gemm} on the shapes that matter for RNN training, printing one line per case:
 * {@code m k n form threads gflops median_ms samples}. Vector API code runs about 100× slower
 * until C2 has compiled it, so everything is pre-warmed for a few seconds, each case is warmed
 * again, and the median of several samples is reported. Every case's result is checked against
 * a double-precision dot product on sampled entries, so a broken kernel cannot post a number.
 *
 * <p>Usage: {@code GemmBench [--shapes 64x512x2048,...] [--forms NN,NT,TN] [--threads 1,2]
 * [--prewarm-seconds 3] [--samples 7] [--cpu-time true]}; {@code --cpu-time} times the calling thread's
 * CPU time instead of wall time, which compares single-thread variants on a loaded machine. where a shape is m×k×n: C[m×n] = op(A)[m×k]·op(B)[k×n].
 */
public final class GemmBench {
    private static final java.lang.management.ThreadMXBean BEAN = java.lang.management.ManagementFactory.getThreadMXBean();

    private GemmBench() {}

    public static void main(String[] args) {
        List<int[]> shapes = parseShapes("64x512x2048,32x1024x4096,700x650x10000");
        List<String> forms = List.of("NN", "NT", "TN");
        int[] threads = {1, 2};
        double prewarm = 3;
        int samples = 7;
        boolean cpu = false;
        for (int i = 0; i < args.length; i += 2) {
            String v = args[i + 1];
            switch (args[i]) {
                case "--shapes" -> shapes = parseShapes(v);
                case "--forms" -> forms = Arrays.asList(v.split(","));
                case "--threads" -> threads = Arrays.stream(v.split(",")).mapToInt(Integer::parseInt).toArray();
                case "--prewarm-seconds" -> prewarm = Double.parseDouble(v);
                case "--samples" -> samples = Integer.parseInt(v);
                case "--cpu-time" -> cpu = Boolean.parseBoolean(v);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        System.out.println("# implementation " + Gemm.implementation() + ", java " + System.getProperty("java.version"));
        prewarm(prewarm);
        for (int[] s : shapes) {
            for (String form : forms) {
                for (int t : threads) {
                    run(s[0], s[1], s[2], form, t, samples, cpu);
                }
            }
        }
        Threads.set(1);
    }

    private static List<int[]> parseShapes(String spec) {
        List<int[]> list = new ArrayList<>();
        for (String s : spec.split(",")) {
            list.add(Arrays.stream(s.split("x")).mapToInt(Integer::parseInt).toArray());
        }
        return list;
    }

    /** Runs every form on a mid-sized product until C2 has compiled the kernels. */
    private static void prewarm(double seconds) {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        Operands o = new Operands(96, 256, 512);
        while (System.nanoTime() < end) {
            for (int t = 1; t <= 2; t++) {
                Threads.set(t);
                for (String form : List.of("NN", "NT", "TN")) {
                    o.multiply(form);
                }
            }
        }
    }

    private static final class Operands {
        final int m, k, n;
        final float[] a, b, c;

        Operands(int m, int k, int n) {
            this.m = m;
            this.k = k;
            this.n = n;
            SplittableRandom r = new SplittableRandom(m * 31L + k * 7L + n);
            a = new float[m * k];
            b = new float[k * n];
            c = new float[m * n];
            for (int i = 0; i < a.length; i++) {
                a[i] = (float) (r.nextDouble() - 0.5);
            }
            for (int i = 0; i < b.length; i++) {
                b[i] = (float) (r.nextDouble() - 0.5);
            }
        }

        /** The same stored arrays read as NN (A m×k, B k×n), NT (B n×k) or TN (A k×m). */
        void multiply(String form) {
            switch (form) {
                case "NN" -> Gemm.nn(m, n, k, a, 0, b, 0, false, c, 0);
                case "NT" -> Gemm.nt(m, n, k, a, 0, b, 0, false, c, 0);
                case "TN" -> Gemm.tn(m, n, k, a, 0, b, 0, false, c, 0);
                default -> throw new IllegalArgumentException("form " + form);
            }
        }

        void verify(String form) {
            SplittableRandom r = new SplittableRandom(1);
            boolean ta = form.charAt(0) == 'T', tb = form.charAt(1) == 'T';
            for (int s = 0; s < 64; s++) {
                int i = r.nextInt(m), j = r.nextInt(n);
                double want = 0, scale = 0;
                for (int p = 0; p < k; p++) {
                    double x = ta ? a[p * m + i] : a[i * k + p];
                    double y = tb ? b[j * k + p] : b[p * n + j];
                    want += x * y;
                    scale += Math.abs(x * y);
                }
                if (Math.abs(c[i * n + j] - want) > 1e-5 * scale) {
                    throw new AssertionError(form + " " + m + "x" + k + "x" + n + ": C[" + i + "," + j + "] = " + c[i * n + j]
                            + ", want " + want);
                }
            }
        }
    }

    private static void run(int m, int k, int n, String form, int threads, int samples, boolean cpu) {
        Threads.set(threads);
        Operands o = new Operands(m, k, n);
        double flops = 2.0 * m * n * k;
        // warm this case for 0.8 s (at least 3 calls: C2 recompiles the outer loops for new
        // sizes) and learn how long a call takes
        long t0 = System.nanoTime();
        int calls = 0;
        while (calls < 3 || System.nanoTime() - t0 < 800_000_000L) {
            o.multiply(form);
            calls++;
        }
        o.verify(form);
        double perCall = (System.nanoTime() - t0) / (double) calls;
        int reps = (int) Math.max(1, Math.ceil(100e6 / perCall)); // samples of at least 100 ms
        double[] ns = new double[samples];
        for (int s = 0; s < samples; s++) {
            long start = cpu ? BEAN.getCurrentThreadCpuTime() : System.nanoTime();
            for (int r = 0; r < reps; r++) {
                o.multiply(form);
            }
            ns[s] = ((cpu ? BEAN.getCurrentThreadCpuTime() : System.nanoTime()) - start) / (double) reps;
        }
        Arrays.sort(ns);
        double median = ns[samples / 2];
        System.out.printf(Locale.ROOT, "%d %d %d %s %d %.2f %.4f %d%n", m, k, n, form, threads, flops / median, median / 1e6,
                samples);
    }
}
