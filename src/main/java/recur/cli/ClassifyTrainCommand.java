package recur.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.ListResourceBundle;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import recur.io.Inputs;
import recur.io.Json;
import recur.io.JsonlWriter;
import recur.io.RecordReader;
import recur.model.ModelFile;
import recur.model.classify.BagParams;
import recur.model.classify.BagTrainer;
import recur.model.classify.Classifier;
import recur.model.classify.ClassifierFile;
import recur.model.classify.Examples;
import recur.model.classify.Pretrained;
import recur.model.classify.SequenceArch;
import recur.model.classify.SequenceClassifier;
import recur.model.classify.TextInput;
import recur.model.classify.Validation;
import recur.optim.LrSchedule;
import recur.optim.Optimizer;
import recur.train.Checkpoints;
import recur.train.ClassifierTask;
import recur.train.StopSignal;
import recur.train.Trainer;
import recur.train.TrainingInterrupted;

/** {@code recur classify train}: learn a text classifier from labelled records. */
@Command(mixinStandardHelpOptions = true, name = "train", sortOptions = false,
        defaultValueProvider = ClassifyTrainCommand.Defaults.class, resourceBundle = "recur.cli.ClassifyTrainCommand$Texts",
        header = "Train a text classifier: fastText's bag of words and n-grams, a (Bi)LSTM/GRU/RNN, or a TCN.",
        description = {
            "Reads labelled JSONL records: the text in 'text' (split at whitespace, or with --split unicode into words"
                    + " and punctuation; --lower folds case) or pre-split words in 'tokens', and the label in 'label' (a"
                    + " string) or 'labels' (an array, for multi-label data). The label set is the training data's."
                    + " Writes a model file of kind 'classifier' (architecture, vocabulary, labels and provenance in"
                    + " recur.json; the weights under PyTorch's names in weights.safetensors).",
            "",
            "--arch bag is fastText's supervised model: the mean of the embeddings of the words, of their character"
                    + " n-grams (--minn/--maxn) and of the hashed word n-grams up to --word-ngrams, a linear layer, and"
                    + " softmax (--loss softmax) or a sigmoid per label (--loss ova, for multi-label data). Trained as"
                    + " fastText trains it: SGD on one example at a time over the rows it touches, the learning rate"
                    + " decayed linearly to zero. The n-gram buckets are four times as many as the data has distinct n-grams, up to"
                    + " --buckets, so small data makes a small model. Threads share the tables without locks (Hogwild),"
                    + " each with its own run of examples: --threads 1 gives the same bytes for the same seed and data."
                    + " With --valid, one JSON record (loss, accuracy, macro_f1) is written after training.",
            "",
            "--arch rnn reads the words in order: embedding, dropout, --layers stacked --cell lstm|gru|rnn|cifg layers"
                    + " (--bidirectional: a second stack reads right to left), pooling over each text's length (--pool"
                    + " last: the final states; mean; max; attention: a learned query weighs the steps), dropout, a linear"
                    + " layer, softmax or a sigmoid per label. --arch tcn puts locuslab's temporal convolutional network"
                    + " there instead (--layers levels of --hidden channels, dilations 1, 2, 4, ..., --kernel-size; causal,"
                    + " or with --bidirectional a second TCN reading right to left). Both train on mini-batches of --batch"
                    + " texts of similar length (shuffled from --seed, padded, the padding never counted) with --optimizer"
                    + " (Adam by default) and gradient clipping; after every epoch a JSON record goes to standard output"
                    + " (epoch, train_loss, valid_loss, valid_accuracy, valid_macro_f1, examples_per_s, saved) and the"
                    + " model with the best validation accuracy (macro-F1 for one-vs-all) is kept in --output (the last"
                    + " one without --valid); --patience N stops after N epochs without improvement. A checkpoint"
                    + " (OUTPUT.ckpt) is written every --checkpoint-every minutes, after every epoch and on Ctrl-C or"
                    + " SIGTERM (exit 130); --resume CKPT continues to the same weights as an uninterrupted run.",
            "",
            "--pretrained EMB fills the rows of the words the vectors know (a recur embeddings model, word2vec text or"
                    + " binary, fastText .vec) and says how many; --freeze-emb keeps those rows fixed.",
            "",
            "The training options --optimizer, --clip, --patience, --valid-every, --checkpoint-every, --checkpoint,"
                    + " --resume and --keep-checkpoint drive the shared training loop of rnn and tcn; the bag refuses them"
                    + " (--epochs, --lr, --max-time and --valid serve both).",
            "",
            "A validation label the training data lacks is an error naming file:line (counted and skipped with --skip-bad).",
            "",
            "Memory: bag, the training examples as words plus (vocabulary + buckets) x --emb floats twice (the tables,"
                    + " and their copy written to the model file); rnn and tcn, the"
                    + " examples as words and ids, the parameters four times over, and one batch's activations. An rnn or"
                    + " tcn size the heap cannot hold is refused (exit 3, with the amount) before any data is read.",
            "",
            "Ctrl-C or SIGTERM (or --max-time) stops training and writes the model trained so far; an interrupt exits 130."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  recur classify train --word-ngrams 2 --epochs 25 --lr 0.5 -o mr.cls train.jsonl --valid dev.jsonl",
            "  recur classify train --loss ova --threads 2 -o tags.cls tagged.jsonl",
            "  recur classify train --arch rnn --cell lstm --bidirectional --hidden 150 --pool max --epochs 10 \\",
            "      --patience 3 -o mr.cls train.jsonl --valid dev.jsonl | tee log.jsonl",
            "  recur classify train --arch tcn --layers 3 --kernel-size 3 --pretrained emb.model --freeze-emb -o mr.cls train.jsonl",
            "  recur classify train --resume mr.cls.ckpt   # the checkpoint holds the options and the data digest"})
public final class ClassifyTrainCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--arch", paramLabel = "bag|rnn|tcn", defaultValue = "bag",
            description = "The classifier: bag (fastText's supervised model), rnn (recurrent layers) or tcn (a temporal"
                    + " convolutional network). Default: ${DEFAULT-VALUE}.")
    String arch;

    @Option(names = {"-o", "--output"}, paramLabel = "CLS",
            description = "The model file to write (required, unless --resume: the checkpoint knows it).")
    Path output;

    @Option(names = "--emb", converter = Ranges.Positive.class, paramLabel = "N", description = "Embedding width. Default: 100, or the pretrained vectors' dimension.")
    Integer emb;

    @Option(names = "--word-ngrams", converter = Ranges.Positive.class, paramLabel = "N", defaultValue = "1",
            description = "bag: longest word n-gram (2: words and bigrams). Default: ${DEFAULT-VALUE}.")
    int wordNgrams;

    @Mixin
    CharNgramOptions ngrams;

    @Option(names = "--buckets", converter = Ranges.Positive.class, paramLabel = "N", defaultValue = "2000000",
            description = "bag: most n-gram hash buckets; the count used is four times the data's distinct n-grams, up to this. Default: ${DEFAULT-VALUE}.")
    int buckets;

    @Option(names = "--cell", paramLabel = "lstm|gru|rnn|cifg", defaultValue = "lstm",
            description = "rnn: the recurrent cell (rnn is tanh; rnn_relu too). Default: ${DEFAULT-VALUE}.")
    String cell;

    @Option(names = "--hidden", converter = Ranges.Positive.class, paramLabel = "H", defaultValue = "128",
            description = "rnn: hidden width of each direction; tcn: channels of every level. Default: ${DEFAULT-VALUE}.")
    int hidden;

    @Option(names = "--layers", converter = Ranges.Positive.class, paramLabel = "L", defaultValue = "1",
            description = "rnn: stacked layers; tcn: levels (dilations 1, 2, 4, ...). Default: ${DEFAULT-VALUE}.")
    int layers;

    @Option(names = "--bidirectional", description = "rnn, tcn: a second stack reads each text right to left; the features are both, side by side.")
    boolean bidirectional;

    @Option(names = "--kernel-size", converter = Ranges.AtLeastTwo.class, paramLabel = "K", defaultValue = "3", description = "tcn: kernel width. Default: ${DEFAULT-VALUE}.")
    int kernelSize;

    @Option(names = "--pool", paramLabel = "last|mean|max|attention", defaultValue = "max",
            description = "rnn, tcn: how the steps become one vector. Default: ${DEFAULT-VALUE}.")
    String pool;

    @Option(names = "--dropout", converter = Ranges.Fraction.class, paramLabel = "P", defaultValue = "0.5",
            description = "rnn, tcn: dropout on the embeddings, between layers and before the output layer. Default: ${DEFAULT-VALUE}.")
    double dropout;

    @Option(names = "--batch", converter = Ranges.Positive.class, paramLabel = "N", defaultValue = "32", description = "rnn, tcn: texts per mini-batch. Default: ${DEFAULT-VALUE}.")
    int batch;

    @Option(names = "--min-count", converter = Ranges.Positive.class, paramLabel = "N", defaultValue = "1",
            description = "Words seen fewer times get no embedding of their own. Default: ${DEFAULT-VALUE}.")
    int minCount;

    @Option(names = "--loss", paramLabel = "softmax|ova|auto", defaultValue = "auto",
            description = "softmax over labels, or a sigmoid per label (one-vs-all); auto: ova when some record has several labels. Default: ${DEFAULT-VALUE}.")
    String loss;

    @Option(names = "--pretrained", paramLabel = "EMB", description = "Word vectors to start the word embeddings from.")
    String pretrained;

    @Option(names = "--pretrained-format", paramLabel = "auto|recur|word2vec-text|vec|word2vec-binary", defaultValue = "auto",
            description = "Format of --pretrained; auto: a recur model if a zip, word2vec binary if named *.bin, else text. Default: ${DEFAULT-VALUE}.")
    String pretrainedFormat;

    @Option(names = "--freeze-emb", description = "Keep the word embeddings as --pretrained gave them.")
    boolean freezeEmb;

    @Option(names = "--split", paramLabel = "whitespace|unicode", defaultValue = "whitespace",
            description = "How text is cut into words: at whitespace, or into words and punctuation. Default: ${DEFAULT-VALUE}.")
    String split;

    @Option(names = "--lower", description = "Lower-case the text (predict does the same).")
    boolean lower;

    @Mixin
    TokensFieldOption tokens;

    @Option(names = "--threshold", converter = Ranges.Probability.class, paramLabel = "P", defaultValue = "0.5",
            description = "For one-vs-all models, the probability a label needs to be predicted in validation. Default: ${DEFAULT-VALUE}.")
    double threshold;

    @Mixin
    TrainingOptions training;

    @Mixin
    LabelFieldOptions labelFields;

    @Mixin
    InputOptions in;

    @Mixin
    ComputeOptions compute;

    @Mixin
    CommonOptions common;

    /** Options that only the bag reads, and options that only rnn and tcn read. */
    private static final List<String> BAG_ONLY = List.of("--word-ngrams", "--minn", "--maxn", "--buckets");
    private static final List<String> SEQUENCE_ONLY = List.of("--cell", "--hidden", "--layers", "--bidirectional",
            "--kernel-size", "--pool", "--dropout", "--batch", "--optimizer", "--clip", "--patience", "--valid-every",
            "--checkpoint-every", "--checkpoint", "--resume", "--keep-checkpoint");

    @Override
    public Integer call() throws Exception {
        ModelFile.Read<Classifier> resumed = training.resume == null ? null : loadCheckpoint();
        String a = arch.toLowerCase(Locale.ROOT);
        if (!a.equals("bag") && !a.equals("rnn") && !a.equals("tcn")) {
            throw new IllegalArgumentException("--arch must be bag, rnn or tcn, got " + arch);
        }
        boolean bag = a.equals("bag");
        for (String name : bag ? SEQUENCE_ONLY : BAG_ONLY) {
            if (spec.commandLine().getParseResult().hasMatchedOption(name)) {
                throw new IllegalArgumentException(name + " applies to --arch " + (bag ? "rnn and tcn" : "bag") + ", not " + a);
            }
        }
        if (output == null) {
            throw new IllegalArgumentException("-o/--output is required" + (bag ? "" : " (or --resume CKPT, which knows it)"));
        }
        OutputOption.checkNotInput(output, in.files, training.valid, pretrained, training.resume);
        compute.apply();
        double maxSeconds = training.maxSeconds();
        Progress progress = new Progress(System.err, common.quiet, "classify train");
        TextInput input = new TextInput(in.textField, tokens.field, TextInput.parseSplit(split), lower);
        if (freezeEmb && pretrained == null) {
            throw new IllegalArgumentException("--freeze-emb needs --pretrained");
        }
        if (!bag) {
            // option values are checked before any data is read: a typo should not wait for a corpus
            training.settings(compute.seed);
            optimizer();
            SequenceArch smallest = sequenceArch(a, 2, false, emb == null ? 100 : emb);
            if (resumed == null) {
                // all of the model but the part its vocabulary and labels size is known now: one the heap cannot
                // hold is refused before the data is read, as train-lm does
                SequenceClassifier.requireMemory(smallest, 1);
            }
        }
        Pretrained vectors = pretrained == null ? null : Pretrained.read(pretrained, pretrainedFormat);
        int dim = emb != null ? emb : vectors != null ? vectors.dim() : 100;

        long t0 = System.nanoTime();
        Examples train;
        try (RecordReader reader = in.reader()) {
            train = Examples.read(reader, input, labelFields.fields(), null);
            InputOptions.reportSkipped(reader, progress, "classify train");
        }
        if (resumed != null) {
            String digest = digest(train);
            String trained = resumed.archive().meta().path("checkpoint").path("run").path("data_digest").asText(null);
            if (trained != null && !trained.equals(digest)) {
                throw new IllegalArgumentException("--resume: the training data (" + digest + ") is not the data " + training.resume
                        + " was trained on (" + trained + ")");
            }
        }
        Examples validation = null;
        if (training.valid != null) {
            try (RecordReader reader = in.reader(List.of(training.valid))) {
                validation = Examples.read(reader, input, labelFields.fields(), train.labelSet());
                InputOptions.reportSkipped(reader, progress, "classify train");
            }
        }
        boolean ova = switch (loss.toLowerCase(Locale.ROOT)) {
            case "softmax" -> false;
            case "ova", "one-vs-all" -> true;
            case "auto" -> train.multiLabel();
            default -> throw new IllegalArgumentException("--loss must be softmax, ova or auto, got " + loss);
        };
        if (!bag) {
            return trainSequence(a, dim, ova, train, validation, input, vectors, resumed, maxSeconds, progress, t0);
        }
        BagParams params = new BagParams(dim, wordNgrams, ngrams.minn, ngrams.maxn, buckets, minCount, ova, training.epochs,
                training.rate(0.1), compute.threads, compute.seed, freezeEmb);
        BagTrainer trainer = new BagTrainer(train, input, params);
        progress.note(String.format(Locale.ROOT, "recur classify train: %d examples, %d tokens, %d labels, vocabulary %d, %d n-gram buckets (%.1f s)",
                train.size(), train.tokens(), train.labelSet().size(), trainer.model().vocabularySize(), trainer.model().buckets(),
                (System.nanoTime() - t0) / 1e9));
        if (vectors != null) {
            int found = vectors.fill(trainer.model());
            notePretrained(progress, found, trainer.model().vocabularySize());
        }

        StopSignal.install();
        long start = System.nanoTime();
        BagTrainer.Outcome o = trainer.train((frac, wps, alpha, l, eta) -> progress.update(String.format(Locale.ROOT,
                "Progress: %5.1f%% words/sec/thread: %7.0f lr: %9.6f loss: %9.6f ETA: %s",
                100 * frac, wps, alpha, l, Progress.duration(eta)), frac >= 1.0),
                () -> StopSignal.requested() || (maxSeconds > 0 && (System.nanoTime() - start) / 1e9 >= maxSeconds));
        progress.done();
        ObjectNode prov = provenance(params.lr(), train);
        if (o.stoppedEarly()) {
            prov.put("stopped_at", Math.round(o.fractionDone() * 10000) / 10000.0);
        }
        ClassifierFile.save(output, trainer.model(), prov);
        progress.note(String.format(Locale.ROOT, "recur classify train: %d words x %d epochs in %.2f s (%.0f words/s/thread, %d threads), loss %.4f",
                train.tokens(), training.epochs, o.seconds(), o.tokens() / Math.max(1e-9, o.seconds()) / o.threadsUsed(), o.threadsUsed(), o.loss()));
        if (validation != null) {
            Validation.Score s = Validation.score(trainer.model(), validation, threshold);
            ObjectNode rec = Json.MAPPER.createObjectNode();
            rec.put("epoch", training.epochs);
            rec.put("split", "valid");
            rec.put("examples", s.metrics().examples());
            rec.put("loss", s.loss());
            rec.put("accuracy", s.metrics().accuracy());
            rec.put("macro_f1", s.metrics().macroF1());
            try (JsonlWriter w = new JsonlWriter(System.out, true)) {
                w.write(rec);
            }
            progress.note(String.format(Locale.ROOT, "recur classify train: validation accuracy %.4f, macro-F1 %.4f, loss %.4f on %d examples",
                    s.metrics().accuracy(), s.metrics().macroF1(), s.loss(), s.metrics().examples()));
        }
        if (o.stoppedEarly() && StopSignal.requested()) {
            throw new TrainingInterrupted(String.format(Locale.ROOT,
                    "interrupted after %.1f%% of training; the model so far is in %s (\"stopped_at\" in its recur.json)",
                    100 * o.fractionDone(), output));
        }
        return 0;
    }

    /** rnn and tcn: a {@link SequenceClassifier} trained by the shared {@link Trainer}. */
    private int trainSequence(String a, int dim, boolean ova, Examples train, Examples validation, TextInput input,
                              Pretrained vectors, ModelFile.Read<Classifier> resumed, double maxSeconds, Progress progress,
                              long t0) throws java.io.IOException {
        Path ckptPath = training.checkpointFor(output);
        if (resumed != null) {
            training.refuseFinished(resumed.archive().meta().path("checkpoint"));
        }
        SequenceClassifier model;
        ObjectNode provenance;
        if (resumed != null) {
            if (!(resumed.model() instanceof SequenceClassifier m)) {
                throw new IllegalArgumentException("--resume: " + training.resume + " is not a checkpoint of an rnn or tcn classifier");
            }
            model = m;
            SequenceArch wanted = sequenceArch(a, model.vocabularySize(), ova, dim);
            if (!wanted.equals(model.arch())) {
                throw new IllegalArgumentException("--resume: the checkpoint's architecture " + model.arch().toJson()
                        + " differs from these options' " + wanted.toJson());
            }
            provenance = (ObjectNode) resumed.archive().meta().path("training");
            if (freezeEmb) {
                // the frozen rows are the pretrained values still; filling them again marks them
                model.fillPretrained(vectors, true);
            }
        } else {
            String[] vocab = SequenceClassifier.vocabulary(train, minCount);
            model = new SequenceClassifier(sequenceArch(a, vocab.length, ova, dim), vocab, train.labelSet(), input);
            model.init(new SplittableRandom(compute.seed));
            if (vectors != null) {
                notePretrained(progress, model.fillPretrained(vectors, freezeEmb), vocab.length - 2);
            }
            provenance = provenance(rate(), train);
        }
        progress.note(String.format(Locale.ROOT, "recur classify train: %d examples, %d tokens, %d labels, vocabulary %d,"
                        + " %d parameters (%.1f s)", train.size(), train.tokens(), train.labelSet().size(),
                model.vocabularySize(), model.params().size(), (System.nanoTime() - t0) / 1e9));
        ClassifierTask task = new ClassifierTask(model, train, validation, batch, compute.seed, threshold);
        Optimizer opt = optimizer();
        opt.keepFixed(model.fixedParameters());
        LrSchedule schedule = LrSchedule.constant(rate());
        Trainer.Position at = new Trainer.Position();
        if (resumed != null) {
            at = Checkpoints.restore(resumed.archive(), training.resume, opt, schedule, task.carried());
            progress.note("recur classify train: resuming from " + training.resume + " at epoch " + (at.epoch + 1)
                    + ", step " + at.step);
        }
        ObjectNode run = Json.MAPPER.createObjectNode();
        run.set("options", ResumeOptions.given(spec));
        run.put("data_digest", digest(train));
        Checkpoints files = new Checkpoints(output, ckptPath, model.contents(), provenance, run);
        TrainingReport report = new TrainingReport("classify train", progress, new JsonlWriter(System.out, true),
                task.unit(), maxSeconds, l -> String.format(Locale.ROOT, "loss %.4f", l));
        StopSignal.install();
        at = new Trainer(task, opt, schedule, training.settings(compute.seed), files, report).train(at);
        report.close();
        training.finish(at, output, ckptPath, progress, "classify train");
        return ExitCodes.OK;
    }

    /** Loads the checkpoint to resume and takes the options it stored for those not given now. */
    private ModelFile.Read<Classifier> loadCheckpoint() {
        ModelFile.Read<Classifier> loaded = ModelFile.read(training.resume, ClassifierFile.CLASSIFIER);
        ResumeOptions.reparse(spec, training.resume, training.checkpointState(loaded.archive().meta(), "classify train"),
                ClassifyTrainCommand::new);
        return loaded;
    }

    private void notePretrained(Progress progress, int found, int words) {
        progress.note(String.format(Locale.ROOT, "recur classify train: pretrained vectors for %d of %d words (%.1f%%) from %s",
                found, words, 100.0 * found / Math.max(1, words), pretrained));
    }

    /** The rate given, or the architecture's default. */
    double rate() {
        return training.rate(training.optimizer.equalsIgnoreCase("sgd") ? 0.1 : 0.001);
    }

    private Optimizer optimizer() {
        return training.optimizer(0, 0);
    }

    /** The architecture these options describe. */
    private SequenceArch sequenceArch(String a, int vocab, boolean ova, int dim) {
        if (a.equals("rnn")) {
            try {
                recur.nn.RecurrentCell.parse(cell);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--cell must be lstm, gru, rnn, rnn_relu or cifg, got " + cell);
            }
        }
        return new SequenceArch(a, a.equals("tcn") ? "tcn" : cell, vocab, dim, hidden, layers,
                bidirectional, (float) dropout, pool, ova, kernelSize);
    }

    private ObjectNode provenance(double rate, Examples train) throws java.io.IOException {
        Provenance prov = Provenance.of(spec);
        for (String f : Inputs.namesOrStdin(in.files)) {
            addInput(prov, f, null);
        }
        if (training.valid != null) {
            addInput(prov, training.valid, "valid");
        }
        ObjectNode t = prov.json();
        t.put("seed", compute.seed);
        t.put("threads", compute.threads);
        t.put("epochs", training.epochs);
        t.put("lr", rate);
        t.put("min_count", minCount);
        t.put("examples", train.size());
        t.put("tokens", train.tokens());
        t.put("data_digest", digest(train));
        return t;
    }

    private static String digest(Examples train) {
        return String.format("fnv64:%016x", train.digest());
    }

    private static void addInput(Provenance prov, String f, String role) throws java.io.IOException {
        Path path = Inputs.STDIN.equals(f) ? null : Path.of(f);
        boolean file = path != null && Files.isRegularFile(path);
        prov.input(f, file ? Provenance.sha256(path) : null, file ? Files.size(path) : null, role);
    }

    /** classify train's defaults for the shared training options. */
    public static final class Defaults extends TrainingOptions.Defaults {
        public Defaults() {
            super("--epochs", "5", "--optimizer", "adam", "--clip", "5");
        }
    }

    /** The help of --lr, whose default here depends on --arch and --optimizer ({@link #rate}). */
    public static final class Texts extends ListResourceBundle {
        @Override
        protected Object[][] getContents() {
            return new Object[][] {{TrainingOptions.LR_KEY, "Learning rate (above 0). Default: bag 0.1 (decayed linearly"
                    + " to zero); rnn and tcn 0.001 with adam and adamw, 0.1 with sgd (constant)."}};
        }
    }
}
