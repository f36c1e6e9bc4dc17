package recur.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import recur.nn.LinearCrossEntropy;
import recur.nn.SoftmaxCrossEntropy;
import recur.tensor.ParamStore;
import recur.tensor.Tape;
import recur.tensor.Threads;
import recur.tensor.Var;

/**
 * Training cost of a language model's output layer: logits = x·Wᵀ + b over a V-wide vocabulary,
 * then the mean cross-entropy against random targets, forward + backward (dx, dW, db), fused in
 * {@link LinearCrossEntropy} as {@link recur.train.LmTask} runs it on every step. PyTorch's nn.Linear + F.cross_entropy is
 * timed by src/bench/python/softmax_peer.py in the same run, one process per thread count, right
 * after recur's runs at that count so both sides see about the same load.
 *
 * <pre>
 * SoftmaxBench [--species] [--positions 700] [--vocab 10000] [--hidden 200,650] [--threads 1,2]
 *              [--warmup 3] [--samples 7] [--budget 20] [--peer PATH|none]
 * </pre>
 * N = --positions rows (35 steps × 20 sequences by default), H = --hidden, V = --vocab. Vector API
 * code runs ~100× slower until C2 has compiled it, so a small problem first runs on 1 and 2
 * threads for --warmup seconds; then each configuration is warmed up for a second (at least two
 * steps), and up to --samples runs within --budget seconds (at least one) are timed and the
 * median reported in milliseconds per forward+backward.
 * The table's ratio is PyTorch's time over recur's: above 1 means recur is faster. {@code --species}
 * only prints the Vector API's preferred vector width on this CPU.
 * Run through bin/bench-core.
 */
public final class SoftmaxBench {
    private SoftmaxBench() {}

    record Row(int hidden, int threads, double ms, int samples, double loss) {}

    public static void main(String[] args) throws Exception {
        int positions = 700, vocab = 10000, samples = 7;
        int[] hidden = {200, 650}, threads = {1, 2};
        double warmup = 3, budget = 20;
        String peer = "src/bench/python/softmax_peer.py";
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--species")) {
                // for bin/bench-core's header: the width the Vector API kernels run at on this CPU
                System.out.println(species());
                return;
            }
            if (a.equals("-h") || a.equals("--help")) {
                System.out.println("usage: SoftmaxBench [--positions 700] [--vocab 10000] [--hidden 200,650] [--threads 1,2]"
                        + " [--warmup 3] [--samples 7] [--budget 20] [--peer PATH|none]");
                return;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("option " + a + " needs a value");
            }
            String v = args[++i];
            switch (a) {
                case "--positions" -> positions = Integer.parseInt(v);
                case "--vocab" -> vocab = Integer.parseInt(v);
                case "--hidden" -> hidden = RnnBench.ints(v);
                case "--threads" -> threads = RnnBench.ints(v);
                case "--warmup" -> warmup = Double.parseDouble(v);
                case "--samples" -> samples = Integer.parseInt(v);
                case "--budget" -> budget = Double.parseDouble(v);
                case "--peer" -> peer = v;
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        String loadStart = RnnBench.loadavg();
        List<Row> rows = new ArrayList<>();
        Map<String, JsonNode> torch = new HashMap<>();
        prewarm(warmup);
        for (int th : threads) {
            for (int h : hidden) {
                Row r = measure(positions, vocab, h, th, 1, samples, budget);
                System.err.printf(Locale.ROOT, "recur softmax N=%d V=%d H=%d threads=%d: %.2f ms (%d samples, loss %.4f)%n",
                        positions, vocab, h, th, r.ms(), r.samples(), r.loss());
                rows.add(r);
            }
            if (!peer.equals("none")) {
                runPeer(peer, th, positions, vocab, hidden, warmup, samples, budget, torch);
            }
        }
        Threads.set(1);
        String loadEnd = RnnBench.loadavg();
        print(rows, torch, positions, vocab, loadStart, loadEnd);
    }

    /**
     * Runs a small problem on 1 and 2 threads for the given time, so that C2 has compiled the
     * kernels before a full-size step starts: uncompiled, one full-size step would take minutes.
     */
    static void prewarm(double seconds) {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        Runnable[] steps = {step(64, 512, 64, new double[1]), step(64, 512, 64, new double[1])};
        while (System.nanoTime() < end) {
            for (int t = 0; t < steps.length; t++) {
                Threads.set(t + 1);
                steps[t].run();
            }
        }
    }

    static Row measure(int n, int v, int h, int threads, double warmup, int samples, double budget) {
        Threads.set(threads);
        double[] loss = new double[1];
        Runnable step = step(n, v, h, loss);
        long start = System.nanoTime();
        int warm = 0;
        do {
            step.run();
            warm++;
        } while (warm < 2 || RnnBench.seconds(start) < warmup);
        double[] times = new double[samples];
        int k = 0;
        start = System.nanoTime();
        while (k < samples && (k == 0 || RnnBench.seconds(start) < budget)) {
            long t0 = System.nanoTime();
            step.run();
            times[k++] = RnnBench.seconds(t0);
        }
        if (!Double.isFinite(loss[0])) {
            throw new IllegalStateException("loss is " + loss[0] + ": the kernels are broken, no number posted");
        }
        double[] got = Arrays.copyOf(times, k);
        Arrays.sort(got);
        double median = k % 2 == 1 ? got[k / 2] : (got[k / 2 - 1] + got[k / 2]) / 2;
        return new Row(h, threads, median * 1e3, k, loss[0]);
    }

    /** One training step of the output layer on fixed random data; stores the mean loss in loss[0]. */
    static Runnable step(int n, int v, int h, double[] loss) {
        ParamStore ps = new ParamStore();
        ParamStore.Param wp = ps.add("w", v, h);
        ParamStore.Param bp = ps.add("b", v);
        ps.allocate();
        SplittableRandom rnd = new SplittableRandom(1000 + h);
        // PyTorch's nn.Linear initialisation, so both sides start from a loss near log V
        float bound = (float) (1 / Math.sqrt(h));
        float[] pv = ps.values();
        for (int i = 0; i < pv.length; i++) {
            pv[i] = (float) rnd.nextDouble(-bound, bound);
        }
        float[] xv = new float[n * h];
        for (int i = 0; i < xv.length; i++) {
            xv[i] = (float) rnd.nextGaussian();
        }
        int[] targets = new int[n];
        for (int i = 0; i < n; i++) {
            targets[i] = rnd.nextInt(v);
        }
        Var w = ps.var(wp), b = ps.var(bp);
        return () -> {
            ps.zeroGrad();
            Tape tape = Tape.training();
            // a fresh x each step, as the recurrent layer's output is in training: its gradient is new too
            Var x = Var.of(xv, n, h);
            SoftmaxCrossEntropy.Loss l = LinearCrossEntropy.apply(tape, x, w, b, targets, SoftmaxCrossEntropy.NO_IGNORE, 0f);
            l.loss().g()[l.loss().go()] = 1f;
            tape.backward();
            loss[0] = l.mean();
        };
    }

    /** Runs the peer at one thread count; its JSON lines land in {@code out} keyed "H/threads". */
    static void runPeer(String peer, int threads, int n, int v, int[] hidden, double warmup, int samples, double budget,
                        Map<String, JsonNode> out) throws IOException, InterruptedException {
        List<String> cmd = List.of("/usr/bin/python3", peer, "--threads", Integer.toString(threads),
                "--positions", Integer.toString(n), "--vocab", Integer.toString(v), "--hidden", RnnBench.join(hidden),
                "--warmup", Double.toString(warmup), "--samples", Integer.toString(samples), "--budget", Double.toString(budget));
        System.err.println("peer: OPENBLAS_NUM_THREADS=" + threads + " OMP_NUM_THREADS=" + threads + " " + String.join(" ", cmd));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
        // OpenBLAS sizes its pool when it loads, so the thread count must be in the environment
        pb.environment().put("OPENBLAS_NUM_THREADS", Integer.toString(threads));
        pb.environment().put("OMP_NUM_THREADS", Integer.toString(threads));
        Process p = pb.start();
        ObjectMapper json = new ObjectMapper();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (line.startsWith("{")) {
                    JsonNode row = json.readTree(line);
                    out.put(row.get("hidden").asInt() + "/" + threads, row);
                    System.err.printf(Locale.ROOT, "torch softmax H=%d threads=%d: %.2f ms (loss %.4f)%n",
                            row.get("hidden").asInt(), threads, row.get("ms").asDouble(), row.get("loss").asDouble());
                }
            }
        }
        int code = p.waitFor();
        if (code != 0) {
            System.err.println("peer failed with exit code " + code + "; its missing rows are left empty");
        }
    }

    /** "preferred species N-bit", or "off" when the incubator module is not loaded. */
    static String species() {
        return recur.tensor.Simd.AVAILABLE
                ? "preferred species " + jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.vectorBitSize() + "-bit"
                : "off";
    }

    static void print(List<Row> rows, Map<String, JsonNode> torch, int n, int v, String l0, String l1) {
        String version = torch.values().stream().map(j -> j.path("torch").asText()).findFirst().orElse("-");
        System.out.println("recur SoftmaxBench: Linear(H -> " + v + ") + cross-entropy over " + n
                + " positions, forward+backward; unit: ms per step (median); ratio = PyTorch ms / recur ms");
        System.out.println("JDK: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
                + " (Vector API: " + species() + ")");
        System.out.println("CPU: " + RnnBench.cpu() + ", " + Runtime.getRuntime().availableProcessors() + " cpus");
        System.out.println("PyTorch: " + version + " (src/bench/python/softmax_peer.py)");
        System.out.println("/proc/loadavg: start " + l0 + " | end " + l1);
        System.out.println();
        System.out.printf(Locale.ROOT, "%-32s %12s %12s %8s %8s%n", "config", "recur ms", "PyTorch ms", "ratio", "samples");
        for (Row r : rows) {
            JsonNode t = torch.get(r.hidden() + "/" + r.threads());
            double tm = t == null ? Double.NaN : t.get("ms").asDouble();
            String cfg = String.format(Locale.ROOT, "softmax N=%d V=%d H=%d T%d", n, v, r.hidden(), r.threads());
            System.out.printf(Locale.ROOT, "%-32s %12.2f %12s %8s %8d%n", cfg, r.ms(),
                    Double.isNaN(tm) ? "-" : String.format(Locale.ROOT, "%.2f", tm),
                    Double.isNaN(tm) ? "-" : String.format(Locale.ROOT, "%.3f", tm / r.ms()), r.samples());
        }
    }
}
