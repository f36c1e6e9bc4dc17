package recur.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ListResourceBundle;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import recur.io.BadInputException;
import recur.io.Inputs;
import recur.io.Json;
import recur.io.JsonlWriter;
import recur.io.RecordReader;
import recur.model.LanguageModel;
import recur.model.LineCodec;
import recur.model.LmArchitecture;
import recur.model.LmFile;
import recur.model.LmVocabulary;
import recur.model.RecurrentLm;
import recur.model.TcnLm;
import recur.model.TokenizerCodec;
import recur.nn.LinearCrossEntropy;
import recur.optim.LrSchedule;
import recur.optim.Optimizer;
import recur.optim.PlateauDecay;
import recur.optim.StepDecay;
import recur.optim.WarmupDecay;
import recur.tensor.Threads;
import recur.text.Tokenizer;
import recur.train.Checkpoints;
import recur.train.LmData;
import recur.train.LmTask;
import recur.train.StopSignal;
import recur.train.Trainer;

/** recur train-lm: parses options and wires vocabulary, model, optimiser and the training loop. */
@Command(mixinStandardHelpOptions = true, name = "train-lm", defaultValueProvider = TrainLmCommand.Defaults.class,
        resourceBundle = "recur.cli.TrainLmCommand$Texts",
        header = "Train a character- or word-level language model: RNN, LSTM, CIFG, GRU or TCN.",
        description = {
            "Reads training text (JSONL with a \"text\" field, or \"tokens\"/\"ids\" arrays; or plain text, one line a record;"
                    + " files or standard input, gzip/bzip2/xz recognised) and trains an autoregressive language model with"
                    + " truncated backpropagation through time, as PyTorch's word_language_model does. Without --tokenizer,"
                    + " --level char models every character (lines end with a newline token) and --level word models"
                    + " whitespace-separated words (lines end with <eos>); the vocabulary is built from the training data.",
            "",
            "Standard output gets one JSON record per validation (epoch, step, train_loss, valid_loss, valid_perplexity,"
                    + " valid_bits_per_char or valid_bits_per_token (the names eval perplexity uses), lr, tokens_per_s: the run's average training throughput, elapsed, saved); progress goes to standard"
                    + " error. The model with the best validation loss is written to --output (the last one without --valid)."
                    + " A checkpoint (OUTPUT.ckpt) is written every --checkpoint-every minutes, after every epoch and on"
                    + " Ctrl-C or SIGTERM (exit 130); --resume CKPT continues to the same result as an uninterrupted run."
                    + " A run that finishes removes its checkpoint (--keep-checkpoint keeps it). The model is the product:"
                    + " when standard output is closed (| head) training goes on to the end. A loss that becomes infinite"
                    + " or explodes (above twice a uniform guess's) stops the run with exit 1 and advice.",
            "",
            "Memory: the training and validation data as 4-byte ids, the parameters four times over (values, gradients,"
                    + " optimiser moments) and one window's activations. Standard input is spooled to a temporary file.",
            "",
            "Threads: with --threads N the projection to the vocabulary (most of a word model's step) computes its blocks"
                    + " of vocabulary rows on N threads, and the recurrent layers split their large products; the model has"
                    + " the same bytes whatever N is. A step too small to split (under about 4 million multiply-adds in the"
                    + " projection, as a small character model's) trains on fewer threads, and a note says so."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  recur train-lm --level char --cell lstm --layers 2 --hidden 128 --emb 64 --bptt 50 --batch 32 \\",
            "      --optimizer adam --lr 0.002 --epochs 3 -o shakespeare.lm testdata/shakespeare/train.txt \\",
            "      --valid testdata/shakespeare/valid.txt | tee log.jsonl",
            "  # Zaremba et al.'s small PTB model: their lr 1, clip 5 act on a loss summed over the window's 20 steps",
            "  recur train-lm --cell lstm --emb 200 --hidden 200 --layers 2 --bptt 20 --batch 20 --dropout 0 \\",
            "      --lr 20 --clip 0.25 --epochs 13 --lr-schedule step --lr-decay 0.5 --lr-decay-from 4 \\",
            "      -o ptb.lm ptb.train.txt --valid ptb.valid.txt",
            "  recur train-lm --resume ptb.lm.ckpt --max-time 2h   # the checkpoint holds the options and data names"})
public final class TrainLmCommand implements Callable<Integer> {
    @Mixin
    InputOptions input;

    @Mixin
    ComputeOptions compute;

    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Option(names = {"-o", "--output"}, paramLabel = "LM",
            description = "The model file to write (required, unless --resume: the checkpoint knows it).")
    Path output;

    @Option(names = "--level", paramLabel = "char|word", defaultValue = "word",
            description = "Symbols to model when no --tokenizer is given. Default: ${DEFAULT-VALUE}.")
    String level;

    @Option(names = "--tokenizer", paramLabel = "TOK", description = "A recur tokenizer model to turn text into ids.")
    Path tokenizer;

    @Option(names = "--min-count", converter = Ranges.Positive.class, paramLabel = "N", defaultValue = "1",
            description = "Symbols seen fewer times become <unk>. Default: ${DEFAULT-VALUE}.")
    int minCount;

    @Option(names = "--max-vocab", converter = Ranges.VocabLimit.class, paramLabel = "N", defaultValue = "0",
            description = "Keep at most N symbols, the most frequent (0: all). Default: ${DEFAULT-VALUE}.")
    int maxVocab;

    @Option(names = "--cell", paramLabel = "rnn|rnn_relu|lstm|cifg|gru|tcn", defaultValue = "lstm",
            description = "The sequence network: tanh or ReLU RNN, LSTM, coupled input-forget LSTM, GRU, or a TCN."
                    + " Default: ${DEFAULT-VALUE}.")
    String cell;

    @Option(names = "--emb", converter = Ranges.Positive.class, paramLabel = "E", defaultValue = "200", description = "Embedding width. Default: ${DEFAULT-VALUE}.")
    int emb;

    @Option(names = "--hidden", converter = Ranges.Positive.class, paramLabel = "H", defaultValue = "200",
            description = "Hidden width (TCN: channels of every level). Default: ${DEFAULT-VALUE}.")
    int hidden;

    @Option(names = "--layers", converter = Ranges.Positive.class, paramLabel = "L", defaultValue = "2",
            description = "Recurrent layers, or TCN levels (dilations 1, 2, 4, ...). Default: ${DEFAULT-VALUE}.")
    int layers;

    @Option(names = "--dropout", converter = Ranges.Fraction.class, paramLabel = "P", defaultValue = "0.2",
            description = "Dropout on embeddings, between layers and before the projection. Default: ${DEFAULT-VALUE}.")
    double dropout;

    @Option(names = "--tied", description = "Share the embedding table with the output projection (needs --emb = --hidden).")
    boolean tied;

    @Option(names = "--orthogonal", description = "Orthogonal initial recurrent matrices (one per gate block).")
    boolean orthogonal;

    @Option(names = "--forget-bias", converter = Ranges.Real.class, paramLabel = "B", defaultValue = "0",
            description = "Initial forget-gate bias of LSTM and CIFG cells (0 leaves PyTorch's random bias; 1 is the"
                    + " classic choice for long dependencies). Default: ${DEFAULT-VALUE}.")
    double forgetBias;

    @Option(names = "--kernel-size", converter = Ranges.AtLeastTwo.class, paramLabel = "K", defaultValue = "3", description = "TCN kernel width. Default: ${DEFAULT-VALUE}.")
    int kernelSize;

    @Option(names = "--history", converter = Ranges.NonNegative.class, paramLabel = "N",
            description = "TCN: tokens before each window it sees as context (locuslab's seq_len − validseqlen)."
                    + " Default: --bptt.")
    Integer history;

    @Option(names = "--bptt", converter = Ranges.Positive.class, paramLabel = "T", defaultValue = "35", description = "Steps per window. Default: ${DEFAULT-VALUE}.")
    int bptt;

    @Option(names = "--batch", converter = Ranges.Positive.class, paramLabel = "B", defaultValue = "20", description = "Parallel columns. Default: ${DEFAULT-VALUE}.")
    int batch;

    @Option(names = "--eval-batch", converter = Ranges.Positive.class, paramLabel = "B", defaultValue = "10",
            description = "Columns for validation (and eval perplexity). Default: ${DEFAULT-VALUE}.")
    int evalBatch;

    @Mixin
    TrainingOptions training;

    /** The rate when --lr is not given: tanh/ReLU RNNs and GRUs diverge at word_language_model's 20. */
    double rate() {
        if (!training.optimizer.equalsIgnoreCase("sgd")) {
            return training.rate(0.002);
        }
        return training.rate(switch (cell.toLowerCase()) {
            case "lstm", "cifg" -> 20;
            case "gru" -> 5;
            case "tcn" -> 4;
            default -> 2;
        });
    }

    @Option(names = "--momentum", converter = Ranges.Fraction.class, paramLabel = "M", defaultValue = "0", description = "SGD momentum. Default: ${DEFAULT-VALUE}.")
    double momentum;

    @Option(names = "--weight-decay", converter = Ranges.NonNegativeReal.class, paramLabel = "W", defaultValue = "0", description = "Default: ${DEFAULT-VALUE}.")
    double weightDecay;

    @Option(names = "--lr-schedule", paramLabel = "plateau|step|constant|warmup", defaultValue = "plateau",
            description = "plateau: divide by --lr-decay when validation does not improve (word_language_model);"
                    + " step: multiply by --lr-decay every --lr-decay-every epochs from epoch --lr-decay-from (Zaremba et al.);"
                    + " warmup: linear warm-up over --warmup-steps, then linear decay to 0. Default: ${DEFAULT-VALUE}.")
    String lrSchedule;

    @Option(names = "--lr-decay", converter = Ranges.Shrink.class, paramLabel = "F", defaultValue = "0.25",
            description = "Factor the rate is multiplied by at each decay. Default: ${DEFAULT-VALUE}.")
    double lrDecay;

    @Option(names = "--lr-decay-from", converter = Ranges.NonNegative.class, paramLabel = "EPOCH", defaultValue = "1",
            description = "step: the first epoch after which the rate decays. Default: ${DEFAULT-VALUE}.")
    int lrDecayFrom;

    @Option(names = "--lr-decay-every", converter = Ranges.Positive.class, paramLabel = "N", defaultValue = "1", description = "step: epochs between decays. Default: ${DEFAULT-VALUE}.")
    int lrDecayEvery;

    @Option(names = "--warmup-steps", converter = Ranges.NonNegativeLong.class, paramLabel = "N", defaultValue = "1000", description = "warmup: steps of warm-up. Default: ${DEFAULT-VALUE}.")
    long warmupSteps;

    @Override
    public Integer call() throws IOException {
        LmFile.Loaded resumed = training.resume == null ? null : loadCheckpoint();
        if (output == null) {
            throw new IllegalArgumentException("-o/--output is required (or --resume CKPT, which knows it)");
        }
        OutputOption.checkNotInput(output, input.files, training.valid, tokenizer, training.resume);
        compute.apply();
        // option values are checked before any data is read: a typo should not wait for a corpus
        training.settings(compute.seed);
        shape(false);
        level();
        optimizer();
        schedule(1);
        Path ckptPath = training.checkpointFor(output);
        LineCodec tokenized = null;
        if (resumed != null) {
            training.refuseFinished(resumed.meta().path("checkpoint"));
        } else {
            tokenized = tokenizer == null ? null : new TokenizerCodec(Tokenizer.load(tokenizer));
            // all of the model but the part its vocabulary sizes is known now (with a tokenizer, all of it): one the
            // heap cannot hold is refused before the data is spooled, digested and counted, not after
            LmFile.requireMemory(architecture(tokenized != null ? tokenized.size() : 2));
        }
        StopSignal.install();
        List<String> names = Inputs.namesOrStdin(input.files);
        List<String> trainFiles = Inputs.spooled(input.files);
        Progress progress = new Progress(System.err, common.quiet, "train-lm");
        String dataDigest = LmData.digest(trainFiles);
        LanguageModel model;
        LineCodec codec;
        ObjectNode provenance;
        if (resumed != null) {
            model = resumed.model();
            codec = resumed.codec();
            LmArchitecture wanted = architecture(codec.size());
            if (!wanted.equals(resumed.architecture())) {
                throw new IllegalArgumentException("--resume: the checkpoint's architecture " + resumed.architecture().toJson()
                        + " differs from these options' " + wanted.toJson());
            }
            provenance = (ObjectNode) resumed.meta().path("training");
            String trained = resumed.meta().path("checkpoint").path("run").path("data_sha256").asText(null);
            if (trained != null && !trained.equals(dataDigest)) {
                throw new IllegalArgumentException("--resume: the training data " + String.join(" ", shown(names))
                        + " (sha256 " + dataDigest.substring(0, 12) + "…) is not the data " + training.resume
                        + " was trained on, " + inputNames(provenance) + " (sha256 " + trained.substring(0, 12) + "…)");
            }
        } else {
            LineCodec known = tokenized;
            codec = known != null ? known : stdinNamed(names, trainFiles, () -> buildCodec(trainFiles));
            LmArchitecture arch = architecture(codec.size());
            model = LmFile.create(arch);
            SplittableRandom rnd = new SplittableRandom(compute.seed);
            if (model instanceof RecurrentLm r) {
                r.init(rnd, orthogonal, (float) forgetBias);
            } else {
                ((TcnLm) model).init(rnd);
                progress.note("recur train-lm: TCN receptive field " + ((TcnLm) model).receptiveField() + " tokens");
            }
            provenance = provenance(trainFiles, dataDigest);
        }
        RecordReader trainRecords = input.reader(trainFiles);
        int[] trainIds = stdinNamed(names, trainFiles, () -> LmData.encode(trainRecords, codec, input.textField));
        stdinNamed(names, trainFiles, () -> {
            InputOptions.reportSkipped(trainRecords, progress, "train-lm");
            return null;
        });
        int[] validIds = null;
        if (training.valid != null) {
            RecordReader validRecords = input.reader(List.of(training.valid));
            validIds = LmData.encode(validRecords, codec, input.textField);
            InputOptions.reportSkipped(validRecords, progress, "train-lm");
        }
        progress.note(String.format("recur train-lm: %d training tokens, %s validation tokens, vocabulary %d, %d parameters",
                trainIds.length, validIds == null ? "no" : String.valueOf(validIds.length), codec.size(), model.params().size()));

        useThreads(codec.size(), progress);
        LmTask task = new LmTask(model, trainIds, validIds, shape(codec.charLevel()));
        Optimizer opt = optimizer();
        LrSchedule schedule = schedule(task.windows());
        Trainer.Position at = new Trainer.Position();
        if (resumed != null) {
            at = Checkpoints.restore(resumed.archive(), training.resume, opt, schedule, task.carried());
            progress.note("recur train-lm: resuming from " + training.resume + " at epoch " + (at.epoch + 1) + ", step " + at.step);
        }
        ObjectNode run = Json.MAPPER.createObjectNode();
        run.set("options", ResumeOptions.given(spec));
        run.put("data_sha256", dataDigest);
        Checkpoints files = new Checkpoints(output, ckptPath, LmFile.contents(model, codec), provenance, run);
        TrainingReport report = new TrainingReport("train-lm", progress, new JsonlWriter(System.out, true), task.unit(),
                training.maxSeconds(), loss -> String.format("loss %.4f  ppl %.2f", loss, Math.exp(Math.min(loss, 700))));
        at = new Trainer(task, opt, schedule, training.settings(compute.seed), files, report).train(at);
        report.close();
        training.finish(at, output, ckptPath, progress, "train-lm");
        return ExitCodes.OK;
    }

    /** Loads the checkpoint to resume and takes the options it stored for those not given now. */
    private LmFile.Loaded loadCheckpoint() {
        LmFile.Loaded loaded = LmFile.load(training.resume);
        ResumeOptions.reparse(spec, training.resume, training.checkpointState(loaded.meta(), "train-lm"), TrainLmCommand::new);
        return loaded;
    }

    /** Runs a reading step so that an error in a spooled standard input names {@code <stdin>}, not the spool file. */
    private static <T> T stdinNamed(List<String> names, List<String> files, java.util.function.Supplier<T> step) {
        try {
            return step.get();
        } catch (BadInputException e) {
            for (int i = 0; i < names.size(); i++) {
                String where = e.where();
                if (Inputs.STDIN.equals(names.get(i)) && where != null && where.startsWith(files.get(i) + ":")) {
                    BadInputException renamed = new BadInputException(Provenance.STDIN_NAME + where.substring(files.get(i).length()),
                            e.getMessage().substring(where.length() + 2));
                    renamed.setStackTrace(e.getStackTrace());
                    throw renamed;
                }
            }
            throw e;
        }
    }

    private static List<String> shown(List<String> names) {
        return names.stream().map(n -> Inputs.STDIN.equals(n) ? Provenance.STDIN_NAME : n).toList();
    }

    private static String inputNames(JsonNode training) {
        List<String> n = new ArrayList<>();
        for (JsonNode in : training.path("inputs")) {
            if (!in.has("role")) {
                n.add(in.path("name").asText());
            }
        }
        return n.isEmpty() ? "(not recorded)" : String.join(" ", n);
    }

    /**
     * Trains on as many of --threads as a step splits into: the projection to the vocabulary, most
     * of a step, runs its blocks of vocabulary rows at once; a step too small for that, or with
     * fewer blocks than threads, takes fewer threads, and the note says so.
     */
    private void useThreads(int vocab, Progress progress) {
        int positions = batch * bptt;
        int used = LinearCrossEntropy.threadsFor(compute.threads, positions, vocab, hidden);
        if (used < compute.threads) {
            Threads.set(used);
            progress.note(String.format("recur train-lm: --threads %d: a step of %d positions, vocabulary %d and hidden %d %s;"
                    + " training on %d thread%s", compute.threads, positions, vocab, hidden,
                    used == 1 ? "is too small to split" : "splits into only " + used + " parts", used, used == 1 ? "" : "s"));
        }
    }

    private LmTask.Shape shape(boolean charLevel) {
        return new LmTask.Shape(batch, bptt, evalBatch, charLevel);
    }

    /** The vocabulary of the training data, as --level, --min-count and --max-vocab say. */
    private LineCodec buildCodec(List<String> trainFiles) {
        Map<String, Long> counts = LmData.count(input.reader(trainFiles), level(), input.textField);
        return LmVocabulary.build(level(), counts, minCount, maxVocab);
    }

    private LmVocabulary.Level level() {
        return switch (level.toLowerCase()) {
            case "char" -> LmVocabulary.Level.CHAR;
            case "word" -> LmVocabulary.Level.WORD;
            default -> throw new IllegalArgumentException("--level must be char or word, got " + level);
        };
    }

    private LmArchitecture architecture(int vocab) {
        String c = cell.toLowerCase();
        if (!c.equals("tcn")) {
            c = recur.nn.RecurrentCell.parse(c).id();
        }
        return new LmArchitecture(c, vocab, emb, hidden, layers, (float) dropout, tied, kernelSize,
                history == null ? bptt : history);
    }

    private Optimizer optimizer() {
        return training.optimizer(momentum, weightDecay);
    }

    private LrSchedule schedule(long stepsPerEpoch) {
        return switch (lrSchedule.toLowerCase()) {
            case "constant" -> LrSchedule.constant(rate());
            case "plateau" -> new PlateauDecay(rate(), 1 / lrDecay, 0, 0);
            case "step" -> new StepDecay(rate(), lrDecay, lrDecayFrom, lrDecayEvery);
            case "warmup" -> new WarmupDecay(rate(), warmupSteps, Math.max(warmupSteps + 1, training.epochs * stepsPerEpoch),
                    WarmupDecay.Decay.LINEAR);
            default -> throw new IllegalArgumentException("--lr-schedule must be plateau, step, constant or warmup, got " + lrSchedule);
        };
    }

    private ObjectNode provenance(List<String> trainFiles, String dataDigest) {
        Provenance p = Provenance.of(spec).files(Inputs.namesOrStdin(input.files), trainFiles, null);
        if (training.valid != null) {
            p.files(List.of(training.valid), Inputs.spooled(List.of(training.valid)), "valid");
        }
        ObjectNode t = p.json();
        t.put("seed", compute.seed);
        t.put("threads", compute.threads);
        t.put("data_sha256", dataDigest);
        return t;
    }

    /** train-lm's defaults for the shared training options. */
    public static final class Defaults extends TrainingOptions.Defaults {
        public Defaults() {
            super("--epochs", "10", "--optimizer", "sgd", "--clip", "0.25");
        }
    }

    /** The help of --lr, whose default here is a rule over --cell and --optimizer ({@link #rate}). */
    public static final class Texts extends ListResourceBundle {
        @Override
        protected Object[][] getContents() {
            return new Object[][] {{TrainingOptions.LR_KEY, "Learning rate (above 0). The loss is the mean over all"
                    + " positions, so a rate meant for a loss summed over a window's steps (Zaremba et al.'s 1) is"
                    + " multiplied by --bptt here. Default: one that trains each cell at both levels: with sgd 20 for"
                    + " lstm and cifg (word_language_model's), 5 for gru, 4 for tcn, 2 for rnn and rnn_relu; 0.002 with"
                    + " adam and adamw."}};
        }
    }
}
