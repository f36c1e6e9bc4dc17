package recur.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import recur.io.Inputs;
import recur.io.RecordReader;
import recur.model.word2vec.Corpus;
import recur.model.word2vec.Embeddings;
import recur.model.word2vec.TrainedVectors;
import recur.model.word2vec.Word2VecParams;
import recur.model.word2vec.Word2VecTrainer;
import recur.train.StopSignal;
import recur.train.TrainingInterrupted;

/** {@code recur embed train}: word2vec with negative sampling. */
@Command(mixinStandardHelpOptions = true, name = "train", sortOptions = false,
        header = "Train word vectors: skip-gram or CBoW with negative sampling.",
        description = {
            "Reads plain text or JSONL (the '--tokens-field' string array when present, else the text field split on"
                    + " whitespace), one record a sentence, from files or standard input (gzip, bzip2, xz recognised),"
                    + " and writes a model file of kind 'embeddings' (vocabulary and counts in recur.json, vectors in"
                    + " weights.safetensors).",
            "",
            "Memory: the corpus is held as word ids, 4 bytes a token, plus 2 x (vocabulary + n-gram buckets) x dim floats.",
            "",
            "Threads: the corpus is cut into one run of sentences per thread, each thread with its own random stream"
                    + " and learning-rate schedule; the vectors are shared without locks (Hogwild). With --threads 1 the"
                    + " same seed and input give a bit-identical model; with more threads the draws are the same but the"
                    + " float values depend on timing.",
            "",
            "Progress on standard error: Progress: 42.0%% words/sec/thread: ... lr: ... loss: ... ETA: ...",
            "",
            "Ctrl-C or SIGTERM stops the threads, writes the vectors trained so far to --output (recur.json's"
                    + " training.stopped_at says how far it got, 0 to 1) and exits 130; a second signal ends at once."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  recur embed train --algo skipgram --dim 100 --threads 2 -o emb.model corpus.txt.gz",
            "  recur embed train --algo cbow --minn 3 --maxn 6 -o emb.model corpus.jsonl",
            "  zcat corpus.txt.gz | tr A-Z a-z | recur embed train -o emb.model"})
public final class EmbedTrainCommand implements Callable<Integer> {
    @Option(names = "--algo", paramLabel = "skipgram|cbow", defaultValue = "skipgram",
            description = "Skip-gram (predict the context from each word) or CBoW (predict each word from its context). Default: ${DEFAULT-VALUE}.")
    String algo;

    @Option(names = "--dim", paramLabel = "N", defaultValue = "100", description = "Vector dimension. Default: ${DEFAULT-VALUE}.")
    int dim;

    @Option(names = "--window", paramLabel = "N", defaultValue = "5",
            description = "Largest context half-width; each position draws its own from 1..N. Default: ${DEFAULT-VALUE}.")
    int window;

    @Option(names = "--negative", paramLabel = "N", defaultValue = "5", description = "Negative samples per positive pair. Default: ${DEFAULT-VALUE}.")
    int negative;

    @Option(names = "--min-count", paramLabel = "N", defaultValue = "5", description = "Drop words seen fewer times. Default: ${DEFAULT-VALUE}.")
    int minCount;

    @Option(names = "--sample", paramLabel = "T", defaultValue = "1e-3",
            description = "Sub-sampling threshold for frequent words (0: off). Default: ${DEFAULT-VALUE}.")
    double sample;

    @Option(names = "--epochs", paramLabel = "N", defaultValue = "5", description = "Passes over the corpus. Default: ${DEFAULT-VALUE}.")
    int epochs;

    @Option(names = "--lr", paramLabel = "X",
            description = "Starting learning rate, decayed linearly to zero. Default: 0.025 for skipgram, 0.05 for cbow.")
    Double lr;

    @Option(names = "--minn", paramLabel = "N", defaultValue = "3",
            description = "Shortest character n-gram (only with --maxn > 0). Default: ${DEFAULT-VALUE}.")
    int minn;

    @Option(names = "--maxn", paramLabel = "N", defaultValue = "0",
            description = "Longest character n-gram; > 0 switches on fastText-style subword vectors, so unseen words get vectors (e.g. --minn 3 --maxn 6). Default: ${DEFAULT-VALUE}.")
    int maxn;

    @Option(names = "--buckets", paramLabel = "N", defaultValue = "2000000",
            description = "Cap on n-gram hash buckets; the count used is the vocabulary's distinct n-grams, up to this. Default: ${DEFAULT-VALUE}.")
    int buckets;

    @Option(names = "--tokens-field", paramLabel = "NAME", defaultValue = "tokens",
            description = "JSONL field with pre-split tokens, used when present. Default: ${DEFAULT-VALUE}.")
    String tokensField;

    @Option(names = "--lower", description = "Lower-case every token.")
    boolean lower;

    @Option(names = {"-o", "--output"}, paramLabel = "EMB", required = true, description = "The model file to write.")
    Path output;

    @Mixin
    InputOptions in;

    @Mixin
    ComputeOptions compute;

    @Mixin
    CommonOptions common;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        compute.apply();
        boolean cbow = switch (algo.toLowerCase(Locale.ROOT)) {
            case "skipgram", "skip-gram", "sg" -> false;
            case "cbow" -> true;
            default -> throw new IllegalArgumentException("--algo must be skipgram or cbow, got " + algo);
        };
        double rate = lr != null ? lr : cbow ? 0.05 : 0.025;
        Word2VecParams params = new Word2VecParams(cbow, dim, window, negative, minCount, sample, epochs, rate,
                maxn > 0 ? minn : 0, maxn, buckets, compute.threads, compute.seed);
        Progress progress = new Progress(System.err, common.quiet, "embed train");
        long t0 = System.nanoTime();
        Corpus corpus;
        try (RecordReader reader = in.reader()) {
            corpus = Corpus.read(reader, in.textField, tokensField, lower, minCount);
            if (reader.skipped() > 0) {
                progress.note("recur embed train: skipped " + reader.skipped() + " bad lines; first: " + reader.firstSkipped());
            }
        }
        double readSecs = (System.nanoTime() - t0) / 1e9;
        progress.note(String.format(Locale.ROOT, "Read %d tokens in %d sentences (%.1f s); vocabulary %d words with count >= %d",
                corpus.rawTokens, corpus.sentences(), readSecs, corpus.words.length, minCount));
        Word2VecTrainer trainer = new Word2VecTrainer(corpus, params);
        StopSignal.install();
        TrainedVectors out = trainer.train((frac, wps, alpha, loss, eta) -> progress.update(String.format(Locale.ROOT,
                "Progress: %5.1f%% words/sec/thread: %7.0f lr: %9.6f loss: %9.6f ETA: %s",
                100 * frac, wps, alpha, loss, Progress.duration(eta)), frac >= 1.0), StopSignal::requested);
        progress.done();
        Embeddings emb = new Embeddings(corpus.words, corpus.counts, dim, out.vectors(), out.subwords(), out.ngrams());
        ObjectNode prov = provenance(params, corpus);
        if (out.stoppedEarly()) {
            // nothing lost: the vectors so far are a usable model, marked as partial
            prov.put("stopped_at", Math.round(out.fractionDone() * 10000) / 10000.0);
            emb.save(output, prov);
            throw new TrainingInterrupted(String.format(Locale.ROOT,
                    "interrupted after %.1f%% of training; the vectors so far are in %s (\"stopped_at\" in its recur.json)",
                    100 * out.fractionDone(), output));
        }
        long words = (long) epochs * corpus.ids.length;
        progress.note(String.format(Locale.ROOT,
                "Trained %d words x %d epochs in %.2f s: %.0f words/s, %.0f words/s/thread (%d threads), loss %.4f; %.1f CPU s in training threads",
                corpus.ids.length, epochs, out.seconds(), words / out.seconds(), words / out.seconds() / out.threadsUsed(),
                out.threadsUsed(), out.loss(), out.cpuSeconds()));
        emb.save(output, prov);
        return 0;
    }

    private ObjectNode provenance(Word2VecParams p, Corpus corpus) {
        Provenance prov = Provenance.of(spec);
        for (String f : Inputs.namesOrStdin(in.files)) {
            Path path = Inputs.STDIN.equals(f) ? null : Path.of(f);
            boolean file = path != null && Files.isRegularFile(path);
            try {
                prov.input(f, file ? Provenance.sha256(path) : null, file ? Files.size(path) : null);
            } catch (IOException e) {
                throw new UncheckedIOException(e.getMessage(), e);
            }
        }
        ObjectNode t = prov.json();
        t.put("algo", p.algo());
        t.put("dim", p.dim());
        t.put("window", p.window());
        t.put("negative", p.negative());
        t.put("min_count", p.minCount());
        t.put("sample", p.sample());
        t.put("epochs", p.epochs());
        t.put("lr", p.lr());
        t.put("minn", p.minn());
        t.put("maxn", p.maxn());
        t.put("lower", lower);
        t.put("seed", p.seed());
        t.put("threads", p.threads());
        t.put("corpus_tokens", corpus.rawTokens);
        t.put("train_words", corpus.trainWords());
        t.put("sentences", corpus.sentences());
        t.put("data_digest", String.format("fnv64:%016x", corpus.digest));
        return t;
    }
}
