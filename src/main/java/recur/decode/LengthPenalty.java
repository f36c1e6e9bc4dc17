package recur.decode;

/**
 * How beam search compares hypotheses of different lengths: a hypothesis's score is its
 * log-probability divided by a function of its length (tokens, EOS included when emitted).
 * {@code none} divides by 1 (plain log-probability, which favours short output); {@code avg} by
 * the length (the mean log-probability per token); {@code wu} by ((5 + length) / 6)^α, the
 * penalty of Wu et al. 2016 (GNMT) that OpenNMT-py and fairseq-style toolkits use, with α = 0
 * the same as none and α = 1 close to avg.
 */
public record LengthPenalty(Kind kind, double alpha) {
    /** The three penalties, by their option names. */
    public enum Kind { NONE, AVG, WU }

    public static final LengthPenalty NONE = new LengthPenalty(Kind.NONE, 0);

    public LengthPenalty {
        if (!(alpha >= 0) || Double.isInfinite(alpha)) {
            throw new IllegalArgumentException("--alpha must be a finite number ≥ 0, got " + alpha);
        }
    }

    /** The penalty named none, avg or wu (any case). */
    public static LengthPenalty of(String name, double alpha) {
        return switch (name.toLowerCase()) {
            case "none" -> NONE;
            case "avg" -> new LengthPenalty(Kind.AVG, alpha);
            case "wu" -> new LengthPenalty(Kind.WU, alpha);
            default -> throw new IllegalArgumentException("--length-penalty must be none, avg or wu, got " + name);
        };
    }

    /** The divisor for a hypothesis of {@code length} tokens (a length of 0 counts as 1). */
    public double divisor(int length) {
        int n = Math.max(1, length);
        return switch (kind) {
            case NONE -> 1;
            case AVG -> n;
            case WU -> Math.pow((5.0 + n) / 6.0, alpha);
        };
    }

    /** The score of a hypothesis: its log-probability over the divisor. */
    public double score(double logProb, int length) {
        return kind == Kind.NONE ? logProb : logProb / divisor(length);
    }
}
