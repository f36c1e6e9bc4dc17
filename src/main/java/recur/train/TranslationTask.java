package recur.train;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.SplittableRandom;
import recur.decode.GreedyTranslation;
import recur.decode.Seeds;
import recur.eval.Bleu;
import recur.eval.Chrf;
import recur.eval.MtCorpus;
import recur.model.translate.Side;
import recur.model.translate.Translator;
import recur.model.translate.TranslatorStep;
import recur.nn.SoftmaxCrossEntropy;
import recur.tensor.ParamStore;
import recur.tensor.Tape;

/**
 * Translation as a {@link Task}: teacher-forced cross-entropy (with label smoothing) over
 * batches of pairs bucketed by length ({@link PaddedBatches#buckets}), limited by rows and/or
 * padded tokens and shuffled from (seed, epoch). Validation reports the loss and perplexity of
 * the validation targets and the BLEU and chrF (sacrebleu's) of greedy translations of the
 * validation sources, and keeps the best model by BLEU or by loss.
 */
public final class TranslationTask implements Task {
    /**
     * @param batch rows per batch (0: no row limit)
     * @param batchTokens padded tokens per batch (0: no token limit)
     * @param smoothing label smoothing ε
     * @param validBatch sentences per validation batch (loss and decoding)
     * @param keepBest "bleu" or "loss"
     */
    public record Settings(int batch, long batchTokens, float smoothing, int validBatch, String keepBest, long seed) {
        public Settings {
            if (batch < 0 || batchTokens < 0 || (batch == 0 && batchTokens == 0)) {
                throw new IllegalArgumentException("--batch or --batch-tokens must be at least 1");
            }
            if (!(smoothing >= 0 && smoothing < 1)) {
                throw new IllegalArgumentException("--label-smoothing must be in [0, 1), got " + smoothing);
            }
            if (validBatch < 1) {
                throw new IllegalArgumentException("validation batch must be at least 1, got " + validBatch);
            }
            if (!keepBest.equals("bleu") && !keepBest.equals("loss")) {
                throw new IllegalArgumentException("--keep-best must be bleu or loss, got " + keepBest);
            }
        }
    }

    /** Validation pairs: ids of both sides and the references as text. */
    public record Valid(TranslationData.Encoded ids, List<String> references) {}

    private final Translator model;
    private final TranslationData.Encoded train;
    private final Valid valid;
    private final Side target;
    private final Settings settings;
    private final int[] lengths;

    /** @param valid null without validation data */
    public TranslationTask(Translator model, TranslationData.Encoded train, Valid valid, Side target, Settings settings) {
        if (train.size() == 0) {
            throw new recur.io.BadInputException(null, "no training pairs (after --max-len filtering)");
        }
        this.model = model;
        this.train = train;
        this.valid = valid;
        this.target = target;
        this.settings = settings;
        this.lengths = new int[train.size()];
        for (int i = 0; i < lengths.length; i++) {
            lengths[i] = Math.max(train.src()[i].length, train.tgt()[i].length + 1);
        }
    }

    @Override
    public ParamStore params() {
        return model.params();
    }

    @Override
    public String unit() {
        return "tokens";
    }

    @Override
    public Epoch epoch(int epoch) {
        List<int[]> groups = PaddedBatches.buckets(lengths, settings.batch(), settings.batchTokens(),
                new SplittableRandom(Seeds.mix(settings.seed(), epoch, -1)));
        return new Epoch() {
            @Override
            public int size() {
                return groups.size();
            }

            @Override
            public Loss loss(Tape tape, int index, SplittableRandom rnd) {
                Translator.Batch b = batch(train, groups.get(index));
                SoftmaxCrossEntropy.Loss l = model.loss(tape, b, settings.smoothing(), rnd);
                return new Loss(l.loss(), l.nllSum(), l.count(), l.count());
            }
        };
    }

    static Translator.Batch batch(TranslationData.Encoded data, int[] examples) {
        int[][] s = new int[examples.length][];
        int[][] t = new int[examples.length][];
        for (int i = 0; i < examples.length; i++) {
            s[i] = data.src()[examples[i]];
            t[i] = data.tgt()[examples[i]];
        }
        return Translator.Batch.of(s, t);
    }

    /** The most target tokens greedy decoding emits for a source of n tokens (the peer's limit). */
    public static int maxOutput(int n) {
        return Math.min(2 * n + 10, 200);
    }

    @Override
    public Validation validate() {
        if (valid == null) {
            return null;
        }
        TranslationData.Encoded v = valid.ids();
        double nll = 0;
        long count = 0;
        MtCorpus bleu = new MtCorpus(Bleu.standard(), false);
        MtCorpus chrf = new MtCorpus(new Chrf(0, false), false);
        TranslatorStep step = model.stepper();
        for (int from = 0; from < v.size(); from += settings.validBatch()) {
            int[] idx = new int[Math.min(settings.validBatch(), v.size() - from)];
            for (int i = 0; i < idx.length; i++) {
                idx[i] = from + i;
            }
            SoftmaxCrossEntropy.Loss l = model.loss(Tape.inference(), batch(v, idx), 0f, null);
            nll += l.nllSum();
            count += l.count();
            int[][] sources = new int[idx.length][];
            int[] max = new int[idx.length];
            for (int i = 0; i < idx.length; i++) {
                sources[i] = v.src()[idx[i]];
                max[i] = maxOutput(sources[i].length);
            }
            GreedyTranslation.Result[] hyps = GreedyTranslation.decode(step, sources, max);
            for (int i = 0; i < idx.length; i++) {
                String hyp = target.decode(hyps[i].ids());
                List<String> ref = List.of(target.reference(valid.references().get(idx[i])));
                bleu.add(hyp, ref);
                chrf.add(hyp, ref);
            }
        }
        double loss = nll / Math.max(1, count);
        LinkedHashMap<String, Double> m = new LinkedHashMap<>();
        m.put("valid_loss", loss);
        m.put("valid_perplexity", Math.exp(Math.min(loss, 700)));
        m.put("valid_bleu", bleu.score());
        m.put("valid_chrf", chrf.score());
        return new Validation(loss, m);
    }

    @Override
    public Best best() {
        return settings.keepBest().equals("bleu") ? new Best("valid_bleu", true) : new Best("valid_loss", false);
    }

    @Override
    public double divergedAbove() {
        return 2 * Math.log(model.architecture().tgtVocab());
    }
}
