package recur.tensor;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * The finite-difference gradient check every layer test uses. The loss is a fixed random
 * projection of the output, {@code L = Σ r_i · y_i}, accumulated in double; analytic gradients
 * from the tape are compared with central differences for every parameter and every input that
 * requires a gradient. The error measure is |a − n| / max(|a| + |n|, floor), and the check fails
 * when any entry exceeds {@code tolerance}.
 */
public final class GradCheck {
    private final double eps;
    private final double tolerance;
    private final double floor;
    private final int maxEntries;

    public GradCheck(double eps, double tolerance) {
        this(eps, tolerance, 1e-3, 200);
    }

    public GradCheck(double eps, double tolerance, double floor, int maxEntries) {
        this.eps = eps;
        this.tolerance = tolerance;
        this.floor = floor;
        this.maxEntries = maxEntries;
    }

    /** Float32 defaults: step 1e-2 with central differences, 2e-2 relative error. */
    public static GradCheck standard() {
        return new GradCheck(1e-2, 2e-2);
    }

    /**
     * Checks d(r·f)/d(every parameter of {@code params} and every input in {@code inputs}).
     *
     * @param params the model's parameters (allocated), may be null
     * @param inputs inputs whose gradients are checked (their values are perturbed in place)
     * @param f runs the forward pass on the given tape and returns the output
     * @return the largest relative error seen
     */
    public double check(ParamStore params, List<Var> inputs, Function<Tape, Var> f, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        Var out0 = f.apply(Tape.inference());
        double[] r = new double[out0.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = rnd.nextDouble(-1, 1);
        }
        // analytic
        if (params != null) {
            params.zeroGrad();
        }
        Tape tape = Tape.training();
        Var out = f.apply(tape);
        float[] og = out.g();
        int oo = out.go();
        for (int i = 0; i < r.length; i++) {
            og[oo + i] = (float) r[i];
        }
        tape.backward();

        List<float[]> vals = new ArrayList<>();
        List<Integer> offs = new ArrayList<>();
        List<float[]> grads = new ArrayList<>();
        List<Integer> gOffs = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        List<String> names = new ArrayList<>();
        if (params != null) {
            for (ParamStore.Param p : params.params()) {
                vals.add(params.values());
                offs.add(p.offset());
                grads.add(params.grads().clone());
                gOffs.add(p.offset());
                sizes.add(p.size());
                names.add(p.name());
            }
        }
        for (int k = 0; k < inputs.size(); k++) {
            Var x = inputs.get(k);
            vals.add(x.v);
            offs.add(x.vo);
            grads.add(x.hasGrad() ? x.g().clone() : new float[x.size()]);
            gOffs.add(x.hasGrad() ? x.go() : 0);
            sizes.add(x.size());
            names.add("input" + k);
        }
        double worst = 0;
        StringBuilder failures = new StringBuilder();
        for (int t = 0; t < vals.size(); t++) {
            float[] v = vals.get(t);
            int n = sizes.get(t);
            int stride = Math.max(1, n / maxEntries);
            for (int i = 0; i < n; i += stride) {
                int idx = offs.get(t) + i;
                float saved = v[idx];
                float up = (float) (saved + eps);
                float down = (float) (saved - eps);
                v[idx] = up;
                double lp = dot(r, f.apply(Tape.inference()));
                v[idx] = down;
                double lm = dot(r, f.apply(Tape.inference()));
                v[idx] = saved;
                // divide by the step float32 really took, not the one asked for
                double num = (lp - lm) / ((double) up - down);
                double ana = grads.get(t)[gOffs.get(t) + i];
                double err = Math.abs(ana - num) / Math.max(Math.abs(ana) + Math.abs(num), floor);
                worst = Math.max(worst, err);
                if (err > tolerance && failures.length() < 2000) {
                    failures.append(String.format("%s[%d]: analytic %.6g, numeric %.6g, rel err %.3g%n",
                            names.get(t), i, ana, num, err));
                }
            }
        }
        if (failures.length() > 0) {
            fail("gradient check failed (tolerance " + tolerance + "):\n" + failures);
        }
        return worst;
    }

    private static double dot(double[] r, Var y) {
        double s = 0;
        for (int i = 0; i < r.length; i++) {
            s += r[i] * y.v[y.vo + i];
        }
        return s;
    }
}
