package recur.train;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.SplittableRandom;
import recur.decode.Seeds;
import recur.model.classify.Examples;
import recur.model.classify.LabelLoss;
import recur.model.classify.SequenceClassifier;
import recur.tensor.ParamStore;
import recur.tensor.Tape;

/**
 * Text classification as a {@link Task}: mini-batches of examples padded to their longest
 * ({@link PaddedBatches}, shuffled and bucketed by length, the order of epoch e drawn from
 * (seed, e) alone), the loss of {@link SequenceClassifier#loss}, and after every epoch the loss,
 * accuracy and macro-F1 on the validation data as {@code classify train --arch bag} and
 * {@code eval classification} compute them ({@link Validation}). The best model is the one with
 * the highest validation accuracy (macro-F1 for one-vs-all models).
 */
public final class ClassifierTask implements Task {
    private final SequenceClassifier model;
    private final Examples train;
    private final Examples valid;
    private final PaddedBatches batches;
    private final long seed;
    private final double threshold;

    /**
     * @param valid null without validation data
     * @param threshold the probability a label needs to be predicted by a one-vs-all model in validation
     */
    public ClassifierTask(SequenceClassifier model, Examples train, Examples valid, int batch, long seed, double threshold) {
        if (train.size() == 0) {
            throw new recur.io.BadInputException(null, "the training data has no examples");
        }
        this.model = model;
        this.train = train;
        this.valid = valid;
        this.seed = seed;
        this.threshold = threshold;
        int[][] ids = new int[train.size()][];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = model.ids(train.words(i));
        }
        this.batches = new PaddedBatches(ids, batch, 0);
    }

    @Override
    public ParamStore params() {
        return model.params();
    }

    @Override
    public String unit() {
        return "examples";
    }

    @Override
    public Epoch epoch(int epoch) {
        List<PaddedBatches.Batch> order = batches.epoch(new SplittableRandom(Seeds.mix(seed, epoch, -1)));
        return new Epoch() {
            @Override
            public int size() {
                return order.size();
            }

            @Override
            public Loss loss(Tape tape, int index, SplittableRandom rnd) {
                PaddedBatches.Batch b = order.get(index);
                int[][] gold = new int[b.size()][];
                for (int i = 0; i < gold.length; i++) {
                    gold[i] = train.labels(b.examples()[i]);
                }
                LabelLoss.Result loss = model.loss(tape, b.ids(), b.lengths(), b.time(), gold, rnd);
                return new Loss(loss.value(), loss.sum(), b.size(), b.size());
            }
        };
    }

    @Override
    public Validation validate() {
        if (valid == null) {
            return null;
        }
        recur.model.classify.Validation.Score s = recur.model.classify.Validation.score(model, valid, threshold);
        LinkedHashMap<String, Double> m = new LinkedHashMap<>();
        m.put("valid_loss", s.loss());
        m.put("valid_accuracy", s.metrics().accuracy());
        m.put("valid_macro_f1", s.metrics().macroF1());
        return new Validation(s.loss(), m);
    }

    @Override
    public Best best() {
        return new Best(model.multiLabel() ? "valid_macro_f1" : "valid_accuracy", true);
    }

    @Override
    public double divergedAbove() {
        int labels = model.labels().size();
        // one-vs-all sums a binary loss per label: a guess of ½ scores L·ln 2
        return 2 * (model.multiLabel() ? labels * Math.log(2) : Math.log(Math.max(2, labels)));
    }
}
