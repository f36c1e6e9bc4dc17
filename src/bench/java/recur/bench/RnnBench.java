package recur.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import recur.nn.Recurrent;
import recur.nn.RecurrentCell;
import recur.tensor.ParamStore;
import recur.tensor.Tape;
import recur.tensor.Threads;
import recur.tensor.Var;

/**
 * Training throughput of one recurrent layer (input size = hidden size), forward + backward over
 * seq steps, next to PyTorch's nn.LSTM / nn.GRU measured by /work/shared/peers/gemm_probe.py in
 * the same run. The unit is the peer's: sequences·timesteps per second. Like the peer, the input
 * takes no gradient and the loss is the sum of the outputs.
 *
 * <pre>
 * RnnBench [--cells lstm,gru] [--batches 32,64] [--hidden 256,512,1024] [--threads 1,2] [--seq 35]
 *          [--warmup 3] [--samples 5] [--budget 15] [--peer PATH|none]
 * </pre>
 * Every configuration is warmed up (the first for at least --warmup seconds, so the JIT has
 * compiled the kernels), then timed for up to --samples runs within --budget seconds (at least
 * one); the median is reported. Run through bin/bench-rnn.
 */
public final class RnnBench {
    private RnnBench() {}

    record Row(String cell, int batch, int hidden, int threads, double stepsPerSec, int samples) {}

    public static void main(String[] args) throws Exception {
        List<String> cells = List.of("lstm", "gru");
        int[] batches = {32, 64}, hidden = {256, 512, 1024}, threads = {1, 2};
        int seq = 35, samples = 5;
        double warmup = 3, budget = 15;
        String peer = "/work/shared/peers/gemm_probe.py";
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String v = i + 1 < args.length ? args[i + 1] : null;
            switch (a) {
                case "--cells" -> cells = Arrays.asList(v.split(","));
                case "--batches" -> batches = ints(v);
                case "--hidden" -> hidden = ints(v);
                case "--threads" -> threads = ints(v);
                case "--seq" -> seq = Integer.parseInt(v);
                case "--warmup" -> warmup = Double.parseDouble(v);
                case "--samples" -> samples = Integer.parseInt(v);
                case "--budget" -> budget = Double.parseDouble(v);
                case "--peer" -> peer = v;
                case "-h", "--help" -> {
                    System.out.println("usage: RnnBench [--cells lstm,gru] [--batches 32,64] [--hidden 256,512,1024]"
                            + " [--threads 1,2] [--seq 35] [--warmup 3] [--samples 5] [--budget 15] [--peer PATH|none]");
                    return;
                }
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
            i++;
        }
        String loadStart = loadavg();
        List<Row> rows = new ArrayList<>();
        boolean first = true;
        for (String c : cells) {
            RecurrentCell cell = RecurrentCell.parse(c);
            for (int h : hidden) {
                for (int b : batches) {
                    for (int th : threads) {
                        Row r = measure(cell, b, h, th, seq, first ? warmup : 0.5, samples, budget);
                        first = false;
                        System.err.printf(Locale.ROOT, "recur %s B=%d H=%d threads=%d: %.1f steps/s (%d samples)%n",
                                c, b, h, th, r.stepsPerSec(), r.samples());
                        rows.add(r);
                    }
                }
            }
        }
        String loadMid = loadavg();
        JsonNode torch = null;
        if (!peer.equals("none")) {
            torch = runPeer(peer, cells, batches, hidden, threads, seq);
        }
        String loadEnd = loadavg();
        print(rows, torch, seq, loadStart, loadMid, loadEnd);
    }

    static Row measure(RecurrentCell cell, int B, int H, int threads, int T, double warmup, int samples, double budget) {
        Threads.set(threads);
        ParamStore ps = new ParamStore();
        Recurrent rnn = new Recurrent(ps, "", cell, H, H, 1, false);
        ps.allocate();
        SplittableRandom rnd = new SplittableRandom(0);
        rnn.init(rnd);
        float[] xv = new float[T * B * H];
        for (int i = 0; i < xv.length; i++) {
            xv[i] = (float) rnd.nextGaussian();
        }
        Var x = Var.constant(xv, T, B, H);
        Runnable step = () -> {
            ps.zeroGrad();
            Tape tape = Tape.training();
            Recurrent.Output out = rnn.forward(tape, x, null, null, null, 0f, null);
            Arrays.fill(out.y().g(), 1f);
            tape.backward();
        };
        long start = System.nanoTime();
        do {
            step.run();
        } while (seconds(start) < warmup);
        double[] times = new double[samples];
        int n = 0;
        start = System.nanoTime();
        while (n < samples && (n == 0 || seconds(start) < budget)) {
            long t0 = System.nanoTime();
            step.run();
            times[n++] = seconds(t0);
        }
        double[] got = Arrays.copyOf(times, n);
        Arrays.sort(got);
        double median = n % 2 == 1 ? got[n / 2] : (got[n / 2 - 1] + got[n / 2]) / 2;
        return new Row(cell.id(), B, H, threads, (double) B * T / median, n);
    }

    static JsonNode runPeer(String peer, List<String> cells, int[] batches, int[] hidden, int[] threads, int seq)
            throws IOException, InterruptedException {
        int maxThreads = Arrays.stream(threads).max().orElse(1);
        List<String> cmd = List.of("/usr/bin/python3", peer, "--skip-numpy", "--cells", String.join(",", cells),
                "--threads", Integer.toString(Math.max(maxThreads, 1)), "--lstm-batches", join(batches),
                "--lstm-hidden", join(hidden), "--seq", Integer.toString(seq));
        System.err.println("peer: " + String.join(" ", cmd));
        Path out = Files.createTempFile("rnnbench-peer", ".json");
        try {
            Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            int code = p.waitFor();
            String text = Files.readString(out, StandardCharsets.UTF_8).trim();
            if (code != 0 || text.isEmpty()) {
                System.err.println("peer failed with exit code " + code + "; PyTorch column left empty");
                return null;
            }
            String[] lines = text.split("\n");
            return new ObjectMapper().readTree(lines[lines.length - 1]);
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /** PyTorch's best-of-runs throughput at this thread count (best setting of torch and BLAS threads), or NaN. */
    static double torchSteps(JsonNode torch, Row r) {
        if (torch == null || !torch.has("torch_rnn")) {
            return Double.NaN;
        }
        for (JsonNode row : torch.get("torch_rnn")) {
            if (row.get("lib").asText().equalsIgnoreCase("torch.nn." + r.cell()) && row.get("hidden").asInt() == r.hidden()
                    && row.get("batch").asInt() == r.batch()) {
                double best = Double.NaN;
                for (var it = row.fields(); it.hasNext(); ) {
                    var e = it.next();
                    String k = e.getKey();
                    if (!k.startsWith("fwd_bwd_steps_per_s_torch") || k.endsWith("_mean")) {
                        continue;
                    }
                    String[] parts = k.substring("fwd_bwd_steps_per_s_torch".length()).split("_blas");
                    int tt = Integer.parseInt(parts[0]), bt = Integer.parseInt(parts[1]);
                    if (Math.max(tt, bt) == r.threads() && !(e.getValue().asDouble() <= best)) {
                        best = e.getValue().asDouble();
                    }
                }
                return best;
            }
        }
        return Double.NaN;
    }

    static void print(List<Row> rows, JsonNode torch, int seq, String l0, String l1, String l2) {
        System.out.println("recur RnnBench: one layer, input = hidden, forward+backward over " + seq
                + " steps; unit: sequences*timesteps/s (median of runs; PyTorch: best of runs, best torch/BLAS thread split)");
        System.out.println("JDK: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
                + (recur.tensor.Simd.AVAILABLE ? " (Vector API on)" : " (Vector API off)"));
        System.out.println("CPU: " + cpu() + ", " + Runtime.getRuntime().availableProcessors() + " cpus");
        if (torch != null) {
            System.out.println("PyTorch: " + torch.path("torch").asText("?") + " (gemm_probe.py; loadavg 1m at its start "
                    + torch.path("loadavg_1m_start").asText() + ", end " + torch.path("loadavg_1m_end").asText() + ")");
        }
        System.out.println("/proc/loadavg: start " + l0 + " | after recur " + l1 + " | after PyTorch " + l2);
        System.out.println();
        System.out.printf(Locale.ROOT, "%-26s %14s %14s %8s %8s%n", "config", "recur steps/s", "PyTorch", "ratio", "samples");
        for (Row r : rows) {
            double t = torchSteps(torch, r);
            String cfg = String.format(Locale.ROOT, "%s B=%d H=%d T%d", r.cell(), r.batch(), r.hidden(), r.threads());
            System.out.printf(Locale.ROOT, "%-26s %14.1f %14s %8s %8d%n", cfg, r.stepsPerSec(),
                    Double.isNaN(t) ? "-" : String.format(Locale.ROOT, "%.1f", t),
                    Double.isNaN(t) ? "-" : String.format(Locale.ROOT, "%.3f", r.stepsPerSec() / t), r.samples());
        }
    }

    static String loadavg() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "?";
        }
    }

    static String cpu() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            // fall through
        }
        return System.getProperty("os.arch");
    }

    static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    static int[] ints(String s) {
        return Arrays.stream(s.split(",")).mapToInt(Integer::parseInt).toArray();
    }

    static String join(int[] a) {
        return String.join(",", Arrays.stream(a).mapToObj(Integer::toString).toArray(String[]::new));
    }
}
