package recur.model.classify;

import recur.eval.ClassificationEval;

/** A classifier's loss and metrics on held-out examples. */
public final class Validation {
    /** Mean loss per example and the metrics. */
    public record Score(double loss, ClassificationEval.Result metrics) {}

    private Validation() {}

    /** Scores every example; multi-label models predict the labels at or above {@code threshold}. */
    public static Score score(Classifier c, Examples data, double threshold) {
        ClassificationEval eval = new ClassificationEval(ClassificationEval.Fields.DEFAULT, 1, 0);
        int l = c.labels().size();
        float[] probs = new float[l];
        double loss = 0;
        for (int i = 0; i < data.size(); i++) {
            c.probs(data.words(i), probs);
            loss += Prediction.loss(probs, l, data.labels(i), c.multiLabel());
            Prediction.tally(eval, c.labels(), data.labels(i), probs, c.multiLabel(), threshold);
        }
        return new Score(data.size() == 0 ? 0 : loss / data.size(), eval.result());
    }
}
