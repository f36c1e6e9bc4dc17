package recur.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import recur.io.BadInputException;
import recur.io.JsonlWriter;
import recur.io.Record;
import recur.io.RecordReader;
import recur.model.classify.Classifier;
import recur.model.classify.ClassifierFile;
import recur.model.classify.Prediction;
import recur.model.classify.SequenceClassifier;
import recur.train.PaddedBatches;

/** {@code recur classify predict}: add a classifier's labels and probabilities to records. */
@Command(mixinStandardHelpOptions = true, name = "predict", sortOptions = false,
        header = "Label records with a trained classifier.",
        description = {
            "Reads JSONL records (or plain text, one record a line) and writes each with two fields added: 'pred', the"
                    + " most probable label (for a one-vs-all model, or with --threshold, the array of labels at or above"
                    + " the threshold), and 'probs', label: probability for the --k most probable labels (all by"
                    + " default), most probable first. Every other field passes through, in input order. The text is split"
                    + " and cased as in training.",
            "",
            "Streams: memory is the model plus --batch records; --threads share each batch and keep the order. A"
                    + " recurrent or TCN model scores its share of a batch in a few padded forward passes (texts of similar"
                    + " length together); a text gets the same probabilities to the bit in any batch, so the output is the"
                    + " same bytes for any --batch and --threads."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  recur classify predict -m mr.cls test.jsonl | recur eval classification",
            "  echo '{\"text\": \"a gripping , funny film\"}' | recur classify predict -m mr.cls --k 1",
            "  recur classify predict -m tags.cls --threshold 0.3 --threads 2 posts.jsonl.gz > tagged.jsonl"})
public final class ClassifyPredictCommand implements Callable<Integer> {
    @Option(names = {"-m", "--model"}, paramLabel = "CLS", required = true, description = "The classifier model file.")
    Path model;

    @Option(names = "--k", converter = Ranges.NonNegative.class, paramLabel = "N", defaultValue = "0",
            description = "Write the probabilities of the N most probable labels only (0: all). Default: ${DEFAULT-VALUE}.")
    int k;

    @Option(names = "--threshold", converter = Ranges.Probability.class, paramLabel = "P",
            description = "Predict every label with probability at least P ('pred' becomes an array). Default: 0.5 for one-vs-all models, else off.")
    Double threshold;

    @Option(names = "--batch", converter = Ranges.Positive.class, paramLabel = "N", defaultValue = "256",
            description = "Records read and labelled at a time (for rnn and tcn models, scored together). Default: ${DEFAULT-VALUE}.")
    int batch;

    @Mixin
    TokensFieldOption tokens;

    @Mixin
    UnbufferedOption output;

    @Mixin
    PredictionFieldOptions predFields;

    @Mixin
    InputOptions in;

    @Mixin
    ThreadsOption compute;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() throws Exception {
        compute.apply();
        if (batch < 1) {
            throw new IllegalArgumentException("--batch must be at least 1, got " + batch);
        }
        Labeller labeller = new Labeller(ClassifierFile.load(model, in.textField, tokens.field), k, threshold,
                predFields.pred, predFields.probs);
        ExecutorService pool = compute.threads > 1 ? Executors.newFixedThreadPool(compute.threads, r -> {
            Thread t = new Thread(r, "recur-predict");
            t.setDaemon(true);
            return t;
        }) : null;
        try (RecordReader reader = in.reader(); JsonlWriter out = new JsonlWriter(System.out, output.unbuffered)) {
            List<Record> records = new ArrayList<>(batch);
            // a bad record ends the input there: the good ones before it are labelled and written first
            BadInputException failure = null;
            while (true) {
                Record next = null;
                try {
                    if (reader.hasNext()) {
                        next = reader.next();
                    }
                } catch (BadInputException e) {
                    failure = e;
                }
                if (next != null) {
                    records.add(next);
                }
                if (records.size() == batch || (next == null && !records.isEmpty())) {
                    BadInputException unreadable = labeller.label(records, reader, pool, compute.threads);
                    for (Record r : records) {
                        if (r != null) {
                            out.write(r.node());
                        }
                    }
                    records.clear();
                    if (unreadable != null) {
                        failure = unreadable;
                        break;
                    }
                }
                if (next == null) {
                    break;
                }
            }
            if (failure != null) {
                throw failure;
            }
            InputOptions.reportSkipped(reader, new Progress(System.err, common.quiet), "classify predict");
        } finally {
            if (pool != null) {
                pool.shutdownNow();
            }
        }
        return 0;
    }

    /** Adds a classifier's prediction to records; eval classification -m uses it too. */
    static final class Labeller {
        private final Classifier c;
        private final int k;
        private final boolean multi;
        private final double threshold;
        private final String predField;
        private final String probsField;

        Labeller(Classifier c, int k, Double threshold, String predField, String probsField) {
            if (k < 0) {
                throw new IllegalArgumentException("--k must be at least 0, got " + k);
            }
            if (threshold != null && !(threshold >= 0 && threshold <= 1)) {
                throw new IllegalArgumentException("--threshold must be between 0 and 1, got " + threshold);
            }
            this.c = c;
            this.k = k;
            this.multi = c.multiLabel() || threshold != null;
            this.threshold = threshold != null ? threshold : 0.5;
            this.predField = predField;
            this.probsField = probsField;
        }

        /**
         * Labels the records in place. A record the model cannot read is counted and set to null
         * under --skip-bad; otherwise the list is cut before it, the records before it are labelled,
         * and its error is returned (null: none) for the caller to raise once they are written.
         */
        BadInputException label(List<Record> records, RecordReader reader, ExecutorService pool, int threads) throws Exception {
            int n = records.size();
            String[][] words = new String[n][];
            BadInputException failure = null;
            for (int i = 0; i < n && failure == null; i++) {
                try {
                    words[i] = c.input().words(records.get(i));
                } catch (BadInputException e) {
                    try {
                        reader.reject(e);
                        records.set(i, null);
                    } catch (BadInputException fatal) {
                        failure = fatal;
                        records.subList(i, n).clear();
                        n = i;
                    }
                }
            }
            int parts = pool == null ? 1 : Math.min(threads, n);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < parts; t++) {
                int from = n * t / parts;
                int to = n * (t + 1) / parts;
                Runnable job = () -> {
                    if (c instanceof SequenceClassifier s) {
                        batched(s, words, records, from, to);
                        return;
                    }
                    float[] probs = new float[c.labels().size()];
                    for (int i = from; i < to; i++) {
                        if (words[i] != null) {
                            c.probs(words[i], probs);
                            annotate(records.get(i), probs, 0);
                        }
                    }
                };
                if (pool == null) {
                    job.run();
                } else {
                    done.add(pool.submit(job));
                }
            }
            for (Future<?> f : done) {
                f.get();
            }
            return failure;
        }

        private void annotate(Record r, float[] probs, int offset) {
            Prediction.annotate(r.node(), c.labels(), offset == 0 ? probs : java.util.Arrays.copyOfRange(probs, offset,
                    offset + c.labels().size()), multi, threshold, k, predField, probsField);
        }

        /**
         * Padded tokens (rows × longest length) per forward pass at most, so that one long text
         * does not pad a whole batch to its length: activations stay near this many positions.
         */
        static final int MAX_PADDED_TOKENS = 8192;

        /**
         * Labels records [from, to) of a recurrent or TCN classifier a few forward passes at a
         * time: the texts sorted by length (ties by position), cut into groups of at most
         * {@link #MAX_PADDED_TOKENS} padded tokens, each padded with lengths and a mask
         * ({@link PaddedBatches}) and scored in one pass. A text gets the same bits in any group
         * ({@link SequenceClassifier#probs(int[], int[], int, float[])}), so neither --batch nor
         * --threads changes the output.
         */
        private void batched(SequenceClassifier s, String[][] words, List<Record> records, int from, int to) {
            List<Integer> rows = new ArrayList<>(to - from);
            int[][] ids = new int[to - from][];
            for (int i = from; i < to; i++) {
                if (words[i] != null) {
                    ids[i - from] = s.ids(words[i]);
                    rows.add(i - from);
                }
            }
            rows.sort((a, b) -> ids[a].length != ids[b].length ? Integer.compare(ids[a].length, ids[b].length)
                    : Integer.compare(a, b));
            int l = c.labels().size();
            for (int g0 = 0; g0 < rows.size(); ) {
                int g1 = g0 + 1;
                // sorted by length: a group's last row is its longest
                while (g1 < rows.size() && (long) (g1 + 1 - g0) * Math.max(1, ids[rows.get(g1)].length) <= MAX_PADDED_TOKENS) {
                    g1++;
                }
                int[][] group = new int[g1 - g0][];
                for (int j = g0; j < g1; j++) {
                    group[j - g0] = ids[rows.get(j)];
                }
                PaddedBatches.Batch b = new PaddedBatches(group, group.length, SequenceClassifier.PAD_ID).inOrder().get(0);
                float[] probs = new float[group.length * l];
                s.probs(b.ids(), b.lengths(), b.time(), probs);
                for (int j = g0; j < g1; j++) {
                    annotate(records.get(from + rows.get(j)), probs, (j - g0) * l);
                }
                g0 = g1;
            }
        }
    }
}
