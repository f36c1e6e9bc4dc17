package recur.model.word2vec;

/**
 * Sentence and document vectors: the mean of the word vectors of the known tokens, optionally
 * weighted by a/(a + p(w)) with p(w) the word's corpus frequency (the smooth inverse frequency
 * weights of Arora et al. 2017), so that frequent function words count less.
 */
public final class SentenceVectors {
    private final Embeddings e;
    private final double[] weight;

    /** @param sif the SIF constant a, or 0 for a plain mean */
    public SentenceVectors(Embeddings e, double sif) {
        this.e = e;
        if (sif > 0) {
            long[] counts = e.counts();
            if (counts == null) {
                throw new IllegalArgumentException("frequency weighting needs word counts; these vectors were imported without them");
            }
            double total = 0;
            for (long c : counts) {
                total += c;
            }
            weight = new double[counts.length];
            for (int i = 0; i < counts.length; i++) {
                weight[i] = sif / (sif + counts[i] / total);
            }
        } else {
            weight = null;
        }
    }

    /** The weighted mean into {@code out} (E values); returns how many tokens had a vector. */
    public int vector(String[] tokens, float[] out) {
        int dim = e.dim();
        double[] acc = new double[dim];
        double wsum = 0;
        int known = 0;
        float[] all = e.vectors();
        for (String t : tokens) {
            int id = e.id(t);
            double w;
            if (id >= 0) {
                w = weight == null ? 1.0 : weight[id];
                for (int j = 0; j < dim; j++) {
                    acc[j] += w * all[id * dim + j];
                }
            } else {
                float[] v = e.vector(t);
                if (v == null) {
                    continue;
                }
                // an unseen word is rare: the largest weight
                w = 1.0;
                for (int j = 0; j < dim; j++) {
                    acc[j] += w * v[j];
                }
            }
            wsum += w;
            known++;
        }
        for (int j = 0; j < dim; j++) {
            out[j] = wsum > 0 ? (float) (acc[j] / wsum) : 0f;
        }
        return known;
    }
}
