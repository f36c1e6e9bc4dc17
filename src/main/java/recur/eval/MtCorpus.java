package recur.eval;

import java.util.ArrayList;
import java.util.List;

/**
 * The segments of one system read so far: their summed counts, how many references each had
 * (sacrebleu's {@code nrefs}: a number, or "var"), and — when bootstrap needs them — each
 * segment's counts. Memory is constant per segment kept, none otherwise.
 */
public final class MtCorpus {
    private final MtMetric metric;
    private final long[] sum;
    private final List<long[]> segments;
    private long count;
    private int nrefs = -1;
    private boolean varying;

    /** @param keepSegments keep each segment's counts for resampling */
    public MtCorpus(MtMetric metric, boolean keepSegments) {
        this.metric = metric;
        this.sum = new long[metric.statsSize()];
        this.segments = keepSegments ? new ArrayList<>() : null;
    }

    /** Counts one segment and returns its counts. {@code refs} holds at least one reference. */
    public long[] add(String hyp, List<String> refs) {
        if (refs.isEmpty()) {
            throw new IllegalArgumentException("a segment needs at least one reference");
        }
        long[] st = metric.stats(hyp, refs);
        MtMetric.addInto(sum, st);
        count++;
        if (segments != null) {
            segments.add(st);
        }
        varying |= nrefs != -1 && nrefs != refs.size();
        nrefs = refs.size();
        return st;
    }

    public MtMetric metric() {
        return metric;
    }

    /** The number of segments read. */
    public long size() {
        return count;
    }

    /** The summed counts. */
    public long[] sum() {
        return sum.clone();
    }

    /** The corpus score. */
    public double score() {
        return metric.score(sum);
    }

    /** sacrebleu's nrefs: the references per segment, "var" when it varied. */
    public String nrefs() {
        return varying ? "var" : Integer.toString(Math.max(nrefs, 0));
    }

    /** Each segment's counts; only when kept. */
    public List<long[]> segments() {
        if (segments == null) {
            throw new IllegalStateException("segments were not kept");
        }
        return segments;
    }
}
