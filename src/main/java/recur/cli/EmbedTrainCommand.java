package recur.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
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
import recur.model.glove.CooccurrenceCounter;
import recur.model.glove.Glove;
import recur.model.glove.GloveParams;
import recur.model.word2vec.Corpus;
import recur.model.word2vec.Embeddings;
import recur.model.word2vec.TrainedVectors;
import recur.model.word2vec.Word2VecCheckpoint;
import recur.model.word2vec.Word2VecParams;
import recur.model.word2vec.Word2VecTrainer;
import recur.train.StopSignal;
import recur.train.TrainingInterrupted;

/** {@code recur embed train}: word2vec with negative sampling, or GloVe. */
@Command(mixinStandardHelpOptions = true, name = "train", sortOptions = false,
        header = "Train word vectors: skip-gram or CBoW with negative sampling, or GloVe.",
        description = {
            "Reads plain text or JSONL (the '--tokens-field' string array when present, else the text field split on"
                    + " whitespace), one record a sentence, from files or standard input (gzip, bzip2, xz recognised),"
                    + " and writes a model file of kind 'embeddings' (vocabulary and counts in recur.json, vectors in"
                    + " weights.safetensors).",
            "",
            "Memory: the corpus is held as word ids, 4 bytes a token, plus 2 x (vocabulary + n-gram buckets) x dim floats"
                    + " (GloVe: 4 x vocabulary x (dim + 1) floats, plus the co-occurrence table and shuffle buffer, each at"
                    + " most --memory).",
            "",
            "GloVe (--algo glove) works as Stanford's tool: it counts co-occurrences within --window words, weighted"
                    + " 1/distance, in a hash table of at most --memory bytes that is written to sorted temporary files"
                    + " when full and merged at the end; shuffles the entries (in chunks of --memory); then fits"
                    + " f(X) (w.w~ + b + b~ - log X)^2 with AdaGrad, f(x) = min(1, (x/--x-max)^--alpha). Temporary files"
                    + " (16 bytes an entry) go to --tmp-dir. Progress shows the mean cost after each epoch. --negative,"
                    + " --sample and the n-gram options are word2vec's and are ignored.",
            "",
            "Threads: the corpus is cut into one run of sentences per thread, each thread with its own random stream"
                    + " and learning-rate schedule; the vectors are shared without locks (Hogwild). With --threads 1 the"
                    + " same seed and input give a bit-identical model; with more threads the draws are the same but the"
                    + " float values depend on timing.",
            "",
            "Progress on standard error: Progress: 42.0%% words/sec/thread: ... lr: ... loss: ... ETA: ... (GloVe:"
                    + " entries/sec and one line per epoch with its cost).",
            "",
            "Ctrl-C or SIGTERM stops the threads, writes the vectors trained so far to --output (recur.json's"
                    + " training.stopped_at says how far it got, 0 to 1) and exits 130; a second signal ends at once."
                    + " skipgram and cbow also write a checkpoint, OUTPUT.ckpt, then and every --checkpoint-every minutes;"
                    + " '--resume OUTPUT.ckpt' with the same input continues it (its settings come from the checkpoint; with"
                    + " --threads 1 the result has the same bytes as a run never stopped). A finished run deletes it."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  recur embed train --algo skipgram --dim 100 --threads 2 -o emb.model corpus.txt.gz",
            "  recur embed train --algo cbow --minn 3 --maxn 6 -o emb.model corpus.jsonl",
            "  recur embed train --algo glove --dim 100 --epochs 15 --memory 2g -o glove.model corpus.txt",
            "  zcat corpus.txt.gz | tr A-Z a-z | recur embed train -o emb.model",
            "  recur embed train --resume emb.model.ckpt -o emb.model corpus.txt.gz"})
public final class EmbedTrainCommand implements Callable<Integer> {
    @Option(names = "--algo", paramLabel = "skipgram|cbow|glove", defaultValue = "skipgram",
            description = "Skip-gram (predict the context from each word), CBoW (predict each word from its context), or"
                    + " GloVe (factorise the log co-occurrence counts). Default: ${DEFAULT-VALUE}.")
    String algo;

    @Option(names = "--dim", converter = Ranges.Positive.class, paramLabel = "N", defaultValue = "100", description = "Vector dimension. Default: ${DEFAULT-VALUE}.")
    int dim;

    @Option(names = "--window", converter = Ranges.Positive.class, paramLabel = "N",
            description = "Context half-width: word2vec's largest (each position draws its own from 1..N), GloVe's"
                    + " fixed one. Default: 5 for skipgram and cbow, 10 for glove.")
    Integer window;

    @Option(names = "--negative", converter = Ranges.Positive.class, paramLabel = "N", defaultValue = "5", description = "Negative samples per positive pair. Default: ${DEFAULT-VALUE}.")
    int negative;

    @Option(names = "--min-count", converter = Ranges.Positive.class, paramLabel = "N", defaultValue = "5", description = "Drop words seen fewer times. Default: ${DEFAULT-VALUE}.")
    int minCount;

    @Option(names = "--sample", converter = Ranges.NonNegativeReal.class, paramLabel = "T", defaultValue = "1e-3",
            description = "Sub-sampling threshold for frequent words (0: off). Default: ${DEFAULT-VALUE}.")
    double sample;

    @Option(names = "--epochs", converter = Ranges.Positive.class, paramLabel = "N",
            description = "Passes over the corpus (GloVe: over the co-occurrence entries). Default: 5, 15 for glove.")
    Integer epochs;

    @Option(names = "--lr", converter = Ranges.PositiveReal.class, paramLabel = "X",
            description = "Starting learning rate, decayed linearly to zero (GloVe: AdaGrad's initial rate)."
                    + " Default: 0.025 for skipgram, 0.05 for cbow and glove.")
    Double lr;

    @Mixin
    CharNgramOptions ngrams;

    @Option(names = "--buckets", converter = Ranges.Positive.class, paramLabel = "N", defaultValue = "2000000",
            description = "Cap on n-gram hash buckets; the count used is the vocabulary's distinct n-grams, up to this. Default: ${DEFAULT-VALUE}.")
    int buckets;

    @Option(names = "--asymmetric", description = "GloVe: count only the words to the left of each word (Stanford's -symmetric 0).")
    boolean asymmetric;

    @Option(names = "--x-max", converter = Ranges.PositiveReal.class, paramLabel = "X", defaultValue = "100",
            description = "GloVe: the count at which an entry's weight reaches 1. Default: ${DEFAULT-VALUE}.")
    double xMax;

    @Option(names = "--alpha", converter = Ranges.NonNegativeReal.class, paramLabel = "A", defaultValue = "0.75",
            description = "GloVe: the weighting exponent, f(x) = min(1, (x/x-max)^A). Default: ${DEFAULT-VALUE}.")
    double alpha;

    @Option(names = "--memory", paramLabel = "SIZE", defaultValue = "1g",
            description = "GloVe: bytes for the co-occurrence table, and again for the shuffle buffer (k, m, g suffixes);"
                    + " more spills to temporary files. Default: ${DEFAULT-VALUE}.")
    String memory;

    @Option(names = "--vectors", paramLabel = "word|sum|concat", defaultValue = "sum",
            description = "GloVe: save the word vectors W, W + W~ (the context vectors added), or both side by side"
                    + " (2 x dim values). Default: ${DEFAULT-VALUE}.")
    String vectors;

    @Option(names = "--tmp-dir", paramLabel = "DIR",
            description = "GloVe: where the co-occurrence files go. Default: the system's temporary folder.")
    Path tmpDir;

    @Option(names = "--resume", paramLabel = "CKPT",
            description = "skipgram, cbow: continue the run a checkpoint holds (given the same input).")
    Path resume;

    @Option(names = "--checkpoint-every", converter = Ranges.NonNegativeReal.class, paramLabel = "MIN", defaultValue = "30",
            description = "skipgram, cbow: minutes between checkpoints to OUTPUT.ckpt (0: only on a signal). Default: ${DEFAULT-VALUE}.")
    double checkpointEvery;

    @Mixin
    TokensFieldOption tokens;

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

    private String algoName;

    @Override
    public Integer call() throws Exception {
        OutputOption.checkNotInput(output, in.files);
        compute.apply();
        String kind = algo.toLowerCase(Locale.ROOT);
        boolean glove = kind.equals("glove");
        boolean cbow = switch (kind) {
            case "skipgram", "skip-gram", "sg", "glove" -> false;
            case "cbow" -> true;
            default -> throw new IllegalArgumentException("--algo must be skipgram, cbow or glove, got " + algo);
        };
        if (glove && ngrams.maxn > 0) {
            throw new IllegalArgumentException("--maxn (character n-grams) is for skipgram and cbow, not glove");
        }
        algoName = glove ? "glove" : cbow ? "cbow" : "skipgram";
        if (glove && resume != null) {
            throw new IllegalArgumentException("--resume is for skipgram and cbow; glove writes no checkpoint");
        }
        Word2VecCheckpoint.Saved saved = resume != null ? Word2VecCheckpoint.load(resume) : null;
        if (saved != null) {
            // the run goes on as it started: its vocabulary rule and settings, not this command line's
            minCount = saved.params().minCount();
            lower = saved.training().path("lower").asBoolean(lower);
            algoName = saved.params().algo();
        }
        Progress progress = new Progress(System.err, common.quiet, "embed train");
        long t0 = System.nanoTime();
        Corpus corpus;
        try (RecordReader reader = in.reader()) {
            corpus = Corpus.read(reader, in.textField, tokens.field, lower, minCount);
            if (reader.skipped() > 0) {
                progress.note("recur embed train: skipped " + reader.skipped() + " bad lines; first: " + reader.firstSkipped());
            }
        }
        double readSecs = (System.nanoTime() - t0) / 1e9;
        progress.note(String.format(Locale.ROOT, "Read %d tokens in %d sentences (%.1f s); vocabulary %d words with count >= %d",
                corpus.rawTokens, corpus.sentences(), readSecs, corpus.words.length, minCount));
        StopSignal.install();
        return glove ? glove(corpus, progress) : word2vec(corpus, cbow, progress, saved);
    }

    private int word2vec(Corpus corpus, boolean cbow, Progress progress, Word2VecCheckpoint.Saved saved) throws Exception {
        double rate = lr != null ? lr : cbow ? 0.05 : 0.025;
        int passes = epochs != null ? epochs : 5;
        Word2VecParams params = saved != null ? saved.params()
                : new Word2VecParams(cbow, dim, window != null ? window : 5, negative, minCount, sample, passes,
                        rate, ngrams.effectiveMinn(), ngrams.maxn, buckets, compute.threads, compute.seed);
        ObjectNode prov;
        if (saved != null) {
            if (saved.corpusDigest() != corpus.digest) {
                throw new IllegalArgumentException("--resume: the input is not the data " + resume + " was trained on");
            }
            prov = saved.training();
            progress.note("recur embed train: resuming " + resume);
        } else {
            prov = provenance(corpus);
            prov.put("window", params.window());
            prov.put("negative", params.negative());
            prov.put("sample", params.sample());
            prov.put("epochs", params.epochs());
            prov.put("lr", params.lr());
            prov.put("minn", params.minn());
            prov.put("maxn", params.maxn());
        }
        Path ckpt = Path.of(output + ".ckpt");
        Word2VecTrainer trainer = new Word2VecTrainer(corpus, params);
        TrainedVectors out = trainer.train((frac, wps, lrNow, loss, eta) -> progress.update(String.format(Locale.ROOT,
                "Progress: %5.1f%% words/sec/thread: %7.0f lr: %9.6f loss: %9.6f ETA: %s",
                100 * frac, wps, lrNow, loss, Progress.duration(eta)), frac >= 1.0), StopSignal::requested,
                c -> c.save(ckpt, params, corpus.digest, prov), (long) (checkpointEvery * 60e9),
                saved != null ? saved.state() : null);
        progress.done();
        Embeddings emb = new Embeddings(corpus.words, corpus.counts, params.dim(), out.vectors(), out.subwords(), out.ngrams());
        if (out.stoppedEarly()) {
            out.checkpoint().save(ckpt, params, corpus.digest, prov);
            progress.note("recur embed train: checkpoint in " + ckpt + "; continue with: recur embed train --resume " + ckpt
                    + " -o " + output + " INPUT...");
            return interrupted(emb, prov.deepCopy(), out.fractionDone());
        }
        long words = (long) params.epochs() * corpus.ids.length;
        progress.note(String.format(Locale.ROOT,
                "Trained %d words x %d epochs in %.2f s: %.0f words/s, %.0f words/s/thread (%d threads), loss %.4f; %.1f CPU s in training threads",
                corpus.ids.length, params.epochs(), out.seconds(), words / out.seconds(), words / out.seconds() / out.threadsUsed(),
                out.threadsUsed(), out.loss(), out.cpuSeconds()));
        emb.save(output, prov);
        Files.deleteIfExists(ckpt);
        return 0;
    }

    private int glove(Corpus corpus, Progress progress) throws Exception {
        GloveParams params = new GloveParams(dim, window != null ? window : 10, !asymmetric, xMax, alpha,
                epochs != null ? epochs : 15, lr != null ? lr : 0.05, GloveParams.parseSize(memory),
                GloveParams.Output.parse(vectors), compute.threads, compute.seed);
        Path tmp = tmpDir != null ? tmpDir : Path.of(System.getProperty("java.io.tmpdir"));
        Glove.Result r = Glove.train(corpus, params, tmp, new Glove.Listener() {
            @Override
            public void counted(CooccurrenceCounter.Stats stats, double seconds) {
                progress.note(String.format(Locale.ROOT, "recur embed train: %d co-occurrence entries (%s window %d), %d runs"
                        + " spilled to disk, counted and shuffled in %.1f s", stats.entries(),
                        params.symmetric() ? "symmetric" : "asymmetric", params.window(), stats.runs(), seconds));
            }

            @Override
            public void progress(double fraction, double entriesPerSec, double eta) {
                progress.update(String.format(Locale.ROOT, "Progress: %5.1f%% entries/sec: %9.0f ETA: %s",
                        100 * fraction, entriesPerSec, Progress.duration(eta)));
            }

            @Override
            public void epoch(int epoch, double cost, double seconds) {
                progress.note(String.format(Locale.ROOT, "recur embed train: epoch %d/%d cost %.6f (%.1f s)",
                        epoch, params.epochs(), cost, seconds));
            }
        }, StopSignal::requested);
        progress.done();
        Embeddings emb = new Embeddings(corpus.words, corpus.counts, r.width(), r.vectors(), null, null);
        ObjectNode prov = provenance(corpus);
        prov.put("window", params.window());
        prov.put("symmetric", params.symmetric());
        prov.put("x_max", params.xMax());
        prov.put("alpha", params.alpha());
        prov.put("epochs", params.epochs());
        prov.put("lr", params.lr());
        prov.put("vectors", params.output().label());
        prov.put("cooccurrence_entries", r.counts().entries());
        if (r.run().epochsDone() > 0) {
            prov.put("cost", r.run().cost());
        }
        if (r.run().stoppedEarly()) {
            return interrupted(emb, prov, r.run().fractionDone());
        }
        progress.note(String.format(Locale.ROOT, "Trained %d entries x %d epochs in %.2f s (%d threads), cost %.6f",
                r.counts().entries(), params.epochs(), r.run().seconds(), r.run().threadsUsed(), r.run().cost()));
        emb.save(output, prov);
        return 0;
    }

    /** Nothing lost: the vectors so far are a usable model, marked as partial; exit 130. */
    private int interrupted(Embeddings emb, ObjectNode prov, double fraction) throws IOException {
        prov.put("stopped_at", Math.round(fraction * 10000) / 10000.0);
        emb.save(output, prov);
        throw new TrainingInterrupted(String.format(Locale.ROOT,
                "interrupted after %.1f%% of training; the vectors so far are in %s (\"stopped_at\" in its recur.json)",
                100 * fraction, output));
    }

    /** What every algorithm records; each adds its own hyperparameters. */
    private ObjectNode provenance(Corpus corpus) {
        ObjectNode t = Provenance.of(spec).named(Inputs.namesOrStdin(in.files)).json();
        t.put("algo", algoName);
        t.put("dim", dim);
        t.put("min_count", minCount);
        t.put("lower", lower);
        t.put("seed", compute.seed);
        t.put("threads", compute.threads);
        t.put("corpus_tokens", corpus.rawTokens);
        t.put("train_words", corpus.trainWords());
        t.put("sentences", corpus.sentences());
        t.put("data_digest", String.format("fnv64:%016x", corpus.digest));
        return t;
    }
}
