package recur.eval;

import java.util.Arrays;
import java.util.List;

/**
 * Bootstrap resampling over segments, as sacrebleu's {@code --confidence} and {@code --paired-bs}
 * do it: N resamples of the segments with replacement (numpy's {@code default_rng(seed)}, so the
 * same segments as sacrebleu's), the metric recomputed from each resample's summed counts, the
 * 95% interval as half the distance between the 2.5% and 97.5% order statistics; and for two
 * systems on the same resamples, the p-value of the observed difference (Koehn 2004, as Moses'
 * bootstrap-hypothesis-difference-significance.pl and sacrebleu compute it).
 */
public final class Bootstrap {
    /** sacrebleu's default seed ({@code SACREBLEU_SEED}). */
    public static final long DEFAULT_SEED = 12345;

    /** The mean of the resampled scores and the half-width of their 95% interval. */
    public record Interval(double mean, double ci) {}

    /** The paired test: each system's interval and the p-value of the system's difference from the baseline. */
    public record Paired(Interval baseline, Interval system, double pValue) {}

    private final int[][] samples;

    /** Draws {@code n} resamples of {@code segments} segments. */
    public Bootstrap(int segments, int n, long seed) {
        if (n < 1) {
            throw new IllegalArgumentException("--bootstrap must be at least 1, got " + n);
        }
        if (segments < 1) {
            throw new IllegalArgumentException("bootstrap needs at least one segment");
        }
        this.samples = new NumpyPcg64(seed).choice(segments, n);
    }

    /** The metric's score on each resample of the segments' counts. */
    public double[] scores(MtMetric metric, List<long[]> stats) {
        double[] out = new double[samples.length];
        long[] sum = new long[metric.statsSize()];
        for (int s = 0; s < samples.length; s++) {
            Arrays.fill(sum, 0);
            for (int i : samples[s]) {
                MtMetric.addInto(sum, stats.get(i));
            }
            out[s] = metric.resampleScore(sum);
        }
        return out;
    }

    /** The mean and 95% interval of resampled scores. */
    public static Interval interval(double[] scores) {
        double[] sorted = scores.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        int lower = n / 40;
        int upper = n - lower - 1;
        double sum = 0;
        for (double s : sorted) {
            sum += s;
        }
        return new Interval(sum / n, 0.5 * (sorted[upper] - sorted[lower]));
    }

    /** The system's interval on these resamples. */
    public Interval interval(MtMetric metric, List<long[]> stats) {
        return interval(scores(metric, stats));
    }

    /**
     * Paired bootstrap: the share of resamples whose centred absolute difference exceeds the
     * observed one, (c + 1) / (N + 1).
     */
    public Paired paired(MtMetric metric, List<long[]> baseline, List<long[]> system) {
        double observed = Math.abs(metric.score(sum(metric, baseline)) - metric.score(sum(metric, system)));
        double[] b = scores(metric, baseline);
        double[] s = scores(metric, system);
        double[] diffs = new double[b.length];
        double mean = 0;
        for (int i = 0; i < diffs.length; i++) {
            diffs[i] = Math.abs(s[i] - b[i]);
            mean += diffs[i];
        }
        mean /= diffs.length;
        int c = 0;
        for (double d : diffs) {
            if (d - mean > observed) {
                c++;
            }
        }
        return new Paired(interval(b), interval(s), (c + 1.0) / (diffs.length + 1.0));
    }

    /** The sum of all segments' counts. */
    public static long[] sum(MtMetric metric, List<long[]> stats) {
        long[] sum = new long[metric.statsSize()];
        for (long[] st : stats) {
            MtMetric.addInto(sum, st);
        }
        return sum;
    }
}
