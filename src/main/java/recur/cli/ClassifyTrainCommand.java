package recur.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import recur.io.Inputs;
import recur.io.Json;
import recur.io.JsonlWriter;
import recur.io.RecordReader;
import recur.model.classify.BagParams;
import recur.model.classify.BagTrainer;
import recur.model.classify.ClassifierFile;
import recur.model.classify.Examples;
import recur.model.classify.Pretrained;
import recur.model.classify.TextInput;
import recur.model.classify.Validation;
import recur.train.StopSignal;
import recur.train.TrainingInterrupted;

/** {@code recur classify train}: learn a text classifier from labelled records. */
@Command(mixinStandardHelpOptions = true, name = "train", sortOptions = false,
        header = "Train a text classifier: fastText's bag of words and n-grams.",
        description = {
            "Reads labelled JSONL records: the text in 'text' (split at whitespace, or with --split unicode into words"
                    + " and punctuation; --lower folds case) or pre-split words in 'tokens', and the label in 'label' (a"
                    + " string) or 'labels' (an array, for multi-label data). The label set is the training data's."
                    + " Writes a model file of kind 'classifier' (vocabulary, labels and provenance in recur.json;"
                    + " embedding.weight and fc.weight in weights.safetensors).",
            "",
            "--arch bag is fastText's supervised model: the mean of the embeddings of the words, of their character"
                    + " n-grams (--minn/--maxn) and of the hashed word n-grams up to --word-ngrams, a linear layer, and"
                    + " softmax (--loss softmax) or a sigmoid per label (--loss ova, for multi-label data). Trained as"
                    + " fastText trains it: SGD on one example at a time over the rows it touches, the learning rate"
                    + " decayed linearly to zero. The n-gram buckets are four times as many as the data has distinct n-grams, up to"
                    + " --buckets, so small data makes a small model.",
            "",
            "--pretrained EMB fills the rows of the words the vectors know (a recur embeddings model, word2vec text or"
                    + " binary, fastText .vec) and says how many; --freeze-emb keeps those rows fixed.",
            "",
            "With --valid, the loss, accuracy and macro-F1 on the validation data are written to standard output as a"
                    + " JSON record after training; a validation label the training data lacks is an error naming"
                    + " file:line (counted and skipped with --skip-bad).",
            "",
            "Threads share the tables without locks (Hogwild), each with its own run of examples, order and"
                    + " schedule: --threads 1 gives the same bytes for the same seed and data.",
            "",
            "Memory: the training examples as words, plus (vocabulary + buckets) x --emb floats.",
            "",
            "Ctrl-C or SIGTERM (or --max-time) stops training and writes the model trained so far; an interrupt exits 130."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  recur classify train --word-ngrams 2 --epochs 25 --lr 0.5 -o mr.cls train.jsonl --valid dev.jsonl",
            "  recur classify train --loss ova --threads 2 -o tags.cls tagged.jsonl",
            "  recur classify train --pretrained emb.model --freeze-emb -o mr.cls train.jsonl"})
public final class ClassifyTrainCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--arch", paramLabel = "bag", defaultValue = "bag",
            description = "The classifier: bag (fastText's supervised model). Default: ${DEFAULT-VALUE}.")
    String arch;

    @Option(names = {"-o", "--output"}, paramLabel = "CLS", required = true, description = "The model file to write.")
    Path output;

    @Option(names = "--valid", paramLabel = "FILE", description = "Labelled validation data, scored after training.")
    String valid;

    @Option(names = "--emb", paramLabel = "N", description = "Embedding width. Default: 100, or the pretrained vectors' dimension.")
    Integer emb;

    @Option(names = "--epochs", paramLabel = "N", defaultValue = "5", description = "Passes over the training data. Default: ${DEFAULT-VALUE}.")
    int epochs;

    @Option(names = "--lr", paramLabel = "X", defaultValue = "0.1",
            description = "Starting learning rate, decayed linearly to zero. Default: ${DEFAULT-VALUE}.")
    double lr;

    @Option(names = "--word-ngrams", paramLabel = "N", defaultValue = "1",
            description = "Longest word n-gram (2: words and bigrams). Default: ${DEFAULT-VALUE}.")
    int wordNgrams;

    @Mixin
    CharNgramOptions ngrams;

    @Option(names = "--buckets", paramLabel = "N", defaultValue = "2000000",
            description = "Most n-gram hash buckets; the count used is four times the data's distinct n-grams, up to this. Default: ${DEFAULT-VALUE}.")
    int buckets;

    @Option(names = "--min-count", paramLabel = "N", defaultValue = "1",
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

    @Option(names = "--threshold", paramLabel = "P", defaultValue = "0.5",
            description = "For one-vs-all models, the probability a label needs to be predicted in validation. Default: ${DEFAULT-VALUE}.")
    double threshold;

    @Option(names = "--max-time", paramLabel = "DURATION", description = "Stop training after this long (90s, 10m, 1.5h) and write the model.")
    String maxTime;

    @Mixin
    LabelFieldOptions labelFields;

    @Mixin
    InputOptions in;

    @Mixin
    ComputeOptions compute;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() throws Exception {
        compute.apply();
        if (!arch.equalsIgnoreCase("bag")) {
            throw new IllegalArgumentException("--arch must be bag, got " + arch);
        }
        Path out = output.toAbsolutePath().normalize();
        for (String f : in.files) {
            if (!f.equals("-") && Path.of(f).toAbsolutePath().normalize().equals(out)) {
                throw new IllegalArgumentException("-o " + output + " is also an input; an output never replaces an input");
            }
        }
        double maxSeconds = maxTime == null ? 0 : Durations.seconds(maxTime, "--max-time");
        Progress progress = new Progress(System.err, common.quiet, "classify train");
        TextInput input = new TextInput(in.textField, tokens.field, TextInput.parseSplit(split), lower);
        Pretrained vectors = pretrained == null ? null : Pretrained.read(pretrained, pretrainedFormat);
        if (freezeEmb && vectors == null) {
            throw new IllegalArgumentException("--freeze-emb needs --pretrained");
        }
        int dim = emb != null ? emb : vectors != null ? vectors.dim() : 100;

        long t0 = System.nanoTime();
        Examples train;
        try (RecordReader reader = in.reader()) {
            train = Examples.read(reader, input, labelFields.fields(), null);
            InputOptions.reportSkipped(reader, progress, "classify train");
        }
        Examples validation = null;
        if (valid != null) {
            try (RecordReader reader = in.reader(List.of(valid))) {
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
        BagParams params = new BagParams(dim, wordNgrams, ngrams.minn, ngrams.maxn, buckets, minCount, ova, epochs, lr,
                compute.threads, compute.seed, freezeEmb);
        BagTrainer trainer = new BagTrainer(train, input, params);
        progress.note(String.format(Locale.ROOT, "recur classify train: %d examples, %d tokens, %d labels, vocabulary %d, %d n-gram buckets (%.1f s)",
                train.size(), train.tokens(), train.labelSet().size(), trainer.model().vocabularySize(), trainer.model().buckets(),
                (System.nanoTime() - t0) / 1e9));
        if (vectors != null) {
            int found = vectors.fill(trainer.model());
            progress.note(String.format(Locale.ROOT, "recur classify train: pretrained vectors for %d of %d words (%.1f%%) from %s",
                    found, trainer.model().vocabularySize(), 100.0 * found / Math.max(1, trainer.model().vocabularySize()), pretrained));
        }

        StopSignal.install();
        long start = System.nanoTime();
        BagTrainer.Outcome o = trainer.train((frac, wps, alpha, l, eta) -> progress.update(String.format(Locale.ROOT,
                "Progress: %5.1f%% words/sec/thread: %7.0f lr: %9.6f loss: %9.6f ETA: %s",
                100 * frac, wps, alpha, l, Progress.duration(eta)), frac >= 1.0),
                () -> StopSignal.requested() || (maxSeconds > 0 && (System.nanoTime() - start) / 1e9 >= maxSeconds));
        progress.done();
        ObjectNode prov = provenance(params, train);
        if (o.stoppedEarly()) {
            prov.put("stopped_at", Math.round(o.fractionDone() * 10000) / 10000.0);
        }
        ClassifierFile.save(output, trainer.model(), prov);
        progress.note(String.format(Locale.ROOT, "recur classify train: %d words x %d epochs in %.2f s (%.0f words/s/thread, %d threads), loss %.4f",
                train.tokens(), epochs, o.seconds(), o.tokens() / Math.max(1e-9, o.seconds()) / o.threadsUsed(), o.threadsUsed(), o.loss()));
        if (validation != null) {
            Validation.Score s = Validation.score(trainer.model(), validation, threshold);
            ObjectNode rec = Json.MAPPER.createObjectNode();
            rec.put("epoch", epochs);
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

    private ObjectNode provenance(BagParams p, Examples train) throws java.io.IOException {
        Provenance prov = Provenance.of(spec);
        for (String f : Inputs.namesOrStdin(in.files)) {
            addInput(prov, f, null);
        }
        if (valid != null) {
            addInput(prov, valid, "valid");
        }
        ObjectNode t = prov.json();
        t.put("seed", p.seed());
        t.put("threads", p.threads());
        t.put("epochs", p.epochs());
        t.put("lr", p.lr());
        t.put("min_count", p.minCount());
        t.put("examples", train.size());
        t.put("tokens", train.tokens());
        t.put("data_digest", String.format("fnv64:%016x", train.digest()));
        return t;
    }

    private static void addInput(Provenance prov, String f, String role) throws java.io.IOException {
        Path path = Inputs.STDIN.equals(f) ? null : Path.of(f);
        boolean file = path != null && Files.isRegularFile(path);
        prov.input(f, file ? Provenance.sha256(path) : null, file ? Files.size(path) : null, role);
    }
}
