package recur.nn;

import java.util.Arrays;
import java.util.SplittableRandom;
import recur.tensor.Gemm;
import recur.tensor.ParamStore;
import recur.tensor.Tape;
import recur.tensor.Threads;
import recur.tensor.Var;

/**
 * Times a TCN's forward and backward pass (not a test: a program to compare with the PyTorch
 * peer, src/test/python/bench_tcn.py, run back to back with the same arguments):
 *
 * <pre>
 * mvn -B -o -q test-compile
 * java --add-modules jdk.incubator.vector -cp target/classes:target/test-classes recur.nn.TcnBench 16 80 128 4 3 21
 * /usr/bin/python3 src/test/python/bench_tcn.py 16 80 128 4 3 21
 * </pre>
 *
 * Arguments: batch, steps, channels (input and every level), levels, kernel size, repetitions;
 * weight norm on, dropout 0.1, one thread. Prints the median of the repetitions after as many
 * warm-up runs.
 */
public final class TcnBench {
    private TcnBench() {}

    public static void main(String[] args) {
        int nb = Integer.parseInt(args[0]);
        int nt = Integer.parseInt(args[1]);
        int c = Integer.parseInt(args[2]);
        int levels = Integer.parseInt(args[3]);
        int k = Integer.parseInt(args[4]);
        int reps = Integer.parseInt(args[5]);
        Threads.set(1);
        SplittableRandom rnd = new SplittableRandom(1);
        ParamStore store = new ParamStore();
        int[] ch = new int[levels];
        Arrays.fill(ch, c);
        Tcn tcn = new Tcn(store, "tcn", c, ch, k, 0.1f, true);
        store.allocate();
        tcn.init(rnd);
        float[] xv = new float[nb * nt * c];
        for (int i = 0; i < xv.length; i++) {
            xv[i] = (float) rnd.nextDouble(-1, 1);
        }
        double[] fwd = new double[reps];
        double[] bwd = new double[reps];
        for (int r = -reps; r < reps; r++) {
            Var x = Var.of(xv, nb, nt, c);
            long t0 = System.nanoTime();
            Tape tape = Tape.training();
            Var y = tcn.forward(tape, x, rnd);
            long t1 = System.nanoTime();
            Arrays.fill(y.g(), 1f);
            tape.backward();
            long t2 = System.nanoTime();
            if (r >= 0) {
                fwd[r] = (t1 - t0) / 1e6;
                bwd[r] = (t2 - t1) / 1e6;
            }
        }
        Arrays.sort(fwd);
        Arrays.sort(bwd);
        System.out.printf("recur (gemm %s) B=%d T=%d C=%d L=%d K=%d threads=1: forward %.1f ms, backward %.1f ms (median of %d)%n",
                gemmName(), nb, nt, c, levels, k, fwd[reps / 2], bwd[reps / 2], reps);
    }

    private static String gemmName() {
        try {
            return (String) Gemm.class.getMethod("implementation").invoke(null);
        } catch (ReflectiveOperationException e) {
            return "reference";
        }
    }
}
