package recur.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
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
import recur.text.Tokenizer;
import recur.optim.Adam;
import recur.optim.LrSchedule;
import recur.optim.Optimizer;
import recur.optim.PlateauDecay;
import recur.optim.Sgd;
import recur.optim.StepDecay;
import recur.optim.WarmupDecay;
import recur.train.LmData;
import recur.train.Checkpoints;
import recur.train.LmTask;
import recur.train.Trainer;
import recur.train.StopSignal;

/** recur train-lm: parses options and wires vocabulary, model, optimiser and the training loop. */
@Command(mixinStandardHelpOptions = true, name = "train-lm",
        header = "Train a character- or word-level language model: RNN, LSTM, CIFG, GRU or TCN.",
        description = {
            "Reads training text (JSONL with a \"text\" field, or \"tokens\"/\"ids\" arrays; or plain text, one line a record;"
                    + " files or standard input, gzip/bzip2/xz recognised) and trains an autoregressive language model with"
                    + " truncated backpropagation through time, as PyTorch's word_language_model does. Without --tokenizer,"
                    + " --level char models every character (lines end with a newline token) and --level word models"
                    + " whitespace-separated words (lines end with <eos>); the vocabulary is built from the training data.",
            "",
            "Standard output gets one JSON record per validation (epoch, step, train_loss, valid_loss, valid_ppl, bits,"
                    + " lr, tokens_per_s, elapsed, saved); progress goes to standard error. The model with the best validation"
                    + " loss is written to --output (the last one without --valid). A checkpoint (OUTPUT.ckpt) is written every"
                    + " --checkpoint-every minutes, after every epoch and on Ctrl-C or SIGTERM (exit 130); --resume continues"
                    + " to the same result as an uninterrupted run with the same options.",
            "",
            "Memory: the training and validation data as 4-byte ids, the parameters four times over (values, gradients,"
                    + " optimiser moments) and one window's activations. Standard input is spooled to a temporary file."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  recur train-lm --level char --cell lstm --layers 2 --hidden 128 --emb 64 --bptt 50 --batch 32 \\",
            "      --optimizer adam --lr 0.002 --epochs 3 -o shakespeare.lm testdata/shakespeare/train.txt \\",
            "      --valid testdata/shakespeare/valid.txt | tee log.jsonl",
            "  # Zaremba et al.'s small PTB model: their lr 1, clip 5 act on a loss summed over the window's 20 steps",
            "  recur train-lm --cell lstm --emb 200 --hidden 200 --layers 2 --bptt 20 --batch 20 --dropout 0 \\",
            "      --lr 20 --clip 0.25 --epochs 13 --lr-schedule step --lr-decay 0.5 --lr-decay-from 4 \\",
            "      -o ptb.lm ptb.train.txt --valid ptb.valid.txt",
            "  recur train-lm --resume ptb.lm.ckpt ...same options as the interrupted run..."})
public final class TrainLmCommand implements Callable<Integer> {
    @Mixin
    InputOptions input;

    @Mixin
    ComputeOptions compute;

    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "LM", description = "The model file to write.")
    Path output;

    @Option(names = "--valid", paramLabel = "FILE", description = "Validation data (same formats as the input).")
    String valid;

    @Option(names = "--level", paramLabel = "char|word", defaultValue = "word",
            description = "Symbols to model when no --tokenizer is given. Default: ${DEFAULT-VALUE}.")
    String level;

    @Option(names = "--tokenizer", paramLabel = "TOK", description = "A recur tokenizer model to turn text into ids.")
    Path tokenizer;

    @Option(names = "--min-count", paramLabel = "N", defaultValue = "1",
            description = "Symbols seen fewer times become <unk>. Default: ${DEFAULT-VALUE}.")
    int minCount;

    @Option(names = "--max-vocab", paramLabel = "N", defaultValue = "0",
            description = "Keep at most N symbols, the most frequent (0: all). Default: ${DEFAULT-VALUE}.")
    int maxVocab;

    @Option(names = "--cell", paramLabel = "rnn|rnn_relu|lstm|cifg|gru|tcn", defaultValue = "lstm",
            description = "The sequence network: tanh or ReLU RNN, LSTM, coupled input-forget LSTM, GRU, or a TCN."
                    + " Default: ${DEFAULT-VALUE}.")
    String cell;

    @Option(names = "--emb", paramLabel = "E", defaultValue = "200", description = "Embedding width. Default: ${DEFAULT-VALUE}.")
    int emb;

    @Option(names = "--hidden", paramLabel = "H", defaultValue = "200",
            description = "Hidden width (TCN: channels of every level). Default: ${DEFAULT-VALUE}.")
    int hidden;

    @Option(names = "--layers", paramLabel = "L", defaultValue = "2",
            description = "Recurrent layers, or TCN levels (dilations 1, 2, 4, ...). Default: ${DEFAULT-VALUE}.")
    int layers;

    @Option(names = "--dropout", paramLabel = "P", defaultValue = "0.2",
            description = "Dropout on embeddings, between layers and before the projection. Default: ${DEFAULT-VALUE}.")
    float dropout;

    @Option(names = "--tied", description = "Share the embedding table with the output projection (needs --emb = --hidden).")
    boolean tied;

    @Option(names = "--orthogonal", description = "Orthogonal initial recurrent matrices (one per gate block).")
    boolean orthogonal;

    @Option(names = "--forget-bias", paramLabel = "B", defaultValue = "0",
            description = "Initial forget-gate bias of LSTM and CIFG cells (0 leaves PyTorch's random bias; 1 is the"
                    + " classic choice for long dependencies). Default: ${DEFAULT-VALUE}.")
    float forgetBias;

    @Option(names = "--kernel-size", paramLabel = "K", defaultValue = "3", description = "TCN kernel width. Default: ${DEFAULT-VALUE}.")
    int kernelSize;

    @Option(names = "--history", paramLabel = "N", defaultValue = "-1",
            description = "TCN: tokens before each window it sees as context (locuslab's seq_len − validseqlen)."
                    + " Default: --bptt.")
    int history;

    @Option(names = "--bptt", paramLabel = "T", defaultValue = "35", description = "Steps per window. Default: ${DEFAULT-VALUE}.")
    int bptt;

    @Option(names = "--batch", paramLabel = "B", defaultValue = "20", description = "Parallel columns. Default: ${DEFAULT-VALUE}.")
    int batch;

    @Option(names = "--eval-batch", paramLabel = "B", defaultValue = "10",
            description = "Columns for validation (and eval perplexity). Default: ${DEFAULT-VALUE}.")
    int evalBatch;

    @Option(names = "--epochs", paramLabel = "N", defaultValue = "10", description = "Passes over the data. Default: ${DEFAULT-VALUE}.")
    int epochs;

    @Option(names = "--max-time", paramLabel = "DURATION",
            description = "Stop after this long (90, 90s, 10m, 1.5h), validating and saving first.")
    String maxTime;

    @Option(names = "--optimizer", paramLabel = "sgd|adam|adamw", defaultValue = "sgd", description = "Default: ${DEFAULT-VALUE}.")
    String optimizer;

    @Option(names = "--lr", paramLabel = "RATE", defaultValue = "20",
            description = "Learning rate (word_language_model's SGD default; use about 0.002 with adam). The loss is the mean over"
                    + " all positions, so a rate meant for a loss summed over a window's steps (Zaremba et al.'s 1) is"
                    + " multiplied by --bptt here. Default: ${DEFAULT-VALUE}.")
    double lr;

    @Option(names = "--momentum", paramLabel = "M", defaultValue = "0", description = "SGD momentum. Default: ${DEFAULT-VALUE}.")
    double momentum;

    @Option(names = "--weight-decay", paramLabel = "W", defaultValue = "0", description = "Default: ${DEFAULT-VALUE}.")
    double weightDecay;

    @Option(names = "--clip", paramLabel = "NORM", defaultValue = "0.25",
            description = "Clip the gradients' global norm (0: no clipping). Default: ${DEFAULT-VALUE}.")
    double clip;

    @Option(names = "--lr-schedule", paramLabel = "plateau|step|constant|warmup", defaultValue = "plateau",
            description = "plateau: divide by --lr-decay when validation does not improve (word_language_model);"
                    + " step: multiply by --lr-decay every --lr-decay-every epochs from epoch --lr-decay-from (Zaremba et al.);"
                    + " warmup: linear warm-up over --warmup-steps, then linear decay to 0. Default: ${DEFAULT-VALUE}.")
    String lrSchedule;

    @Option(names = "--lr-decay", paramLabel = "F", defaultValue = "0.25",
            description = "Factor the rate is multiplied by at each decay. Default: ${DEFAULT-VALUE}.")
    double lrDecay;

    @Option(names = "--lr-decay-from", paramLabel = "EPOCH", defaultValue = "1",
            description = "step: the first epoch after which the rate decays. Default: ${DEFAULT-VALUE}.")
    int lrDecayFrom;

    @Option(names = "--lr-decay-every", paramLabel = "N", defaultValue = "1", description = "step: epochs between decays. Default: ${DEFAULT-VALUE}.")
    int lrDecayEvery;

    @Option(names = "--warmup-steps", paramLabel = "N", defaultValue = "1000", description = "warmup: steps of warm-up. Default: ${DEFAULT-VALUE}.")
    long warmupSteps;

    @Option(names = "--valid-every", paramLabel = "STEPS", defaultValue = "0",
            description = "Also validate every N steps (0: only after each epoch). Default: ${DEFAULT-VALUE}.")
    long validEvery;

    @Option(names = "--checkpoint-every", paramLabel = "MINUTES", defaultValue = "10",
            description = "Write a checkpoint this often (0: only after epochs and on interrupt). Default: ${DEFAULT-VALUE}.")
    double checkpointEvery;

    @Option(names = "--checkpoint", paramLabel = "FILE", description = "Where checkpoints go. Default: OUTPUT.ckpt.")
    Path checkpoint;

    @Option(names = "--resume", paramLabel = "CKPT", description = "Continue an interrupted run from its checkpoint (give the same options).")
    Path resume;

    @Override
    public Integer call() throws IOException {
        compute.apply();
        // option values are checked before any data is read: a typo should not wait for a corpus
        settings();
        shape(false);
        architecture(2);
        optimizer();
        schedule();
        StopSignal.install();
        List<String> trainFiles = Inputs.spooled(input.files);
        Path ckptPath = checkpoint != null ? checkpoint : Path.of(output + ".ckpt");
        LanguageModel model;
        LineCodec codec;
        LmFile.Loaded resumed = null;
        Optimizer opt = optimizer();
        LrSchedule schedule = schedule();
        ObjectNode training;
        Progress progress = new Progress(System.err, common.quiet);
        if (resume != null) {
            resumed = LmFile.load(resume);
            model = resumed.model();
            codec = resumed.codec();
            LmArchitecture wanted = architecture(codec.size());
            if (!wanted.equals(resumed.architecture())) {
                throw new IllegalArgumentException("--resume: the checkpoint's architecture " + resumed.architecture().toJson()
                        + " differs from these options' " + wanted.toJson());
            }
            training = (ObjectNode) resumed.meta().path("training");
        } else {
            codec = buildCodec(trainFiles);
            LmArchitecture arch = architecture(codec.size());
            model = LmFile.create(arch);
            SplittableRandom rnd = new SplittableRandom(compute.seed);
            if (model instanceof RecurrentLm r) {
                r.init(rnd, orthogonal, forgetBias);
            } else {
                ((TcnLm) model).init(rnd);
                progress.note("recur train-lm: TCN receptive field " + ((TcnLm) model).receptiveField() + " tokens");
            }
            training = provenance(trainFiles);
        }
        RecordReader trainRecords = input.reader(trainFiles);
        int[] trainIds = LmData.encode(trainRecords, codec, input.textField);
        InputOptions.reportSkipped(trainRecords, progress, "train-lm");
        int[] validIds = null;
        if (valid != null) {
            RecordReader validRecords = input.reader(List.of(valid));
            validIds = LmData.encode(validRecords, codec, input.textField);
            InputOptions.reportSkipped(validRecords, progress, "train-lm");
        }
        progress.note(String.format("recur train-lm: %d training tokens, %s validation tokens, vocabulary %d, %d parameters",
                trainIds.length, validIds == null ? "no" : String.valueOf(validIds.length), codec.size(), model.params().size()));

        LmTask task = new LmTask(model, trainIds, validIds, shape(codec.charLevel()));
        Trainer.Position at = new Trainer.Position();
        if (resumed != null) {
            at = Checkpoints.restore(resumed.archive(), resume, opt, schedule, task.carried());
            progress.note("recur train-lm: resuming from " + resume + " at epoch " + (at.epoch + 1) + ", step " + at.step);
        }
        Checkpoints files = new Checkpoints(output, ckptPath, LmFile.contents(model, codec), training);
        JsonlWriter out = new JsonlWriter(System.out, true);
        Trainer.Listener listener = new Trainer.Listener() {
            private final long start = System.nanoTime();
            private double doneAtStart = -1;

            @Override
            public void progress(Trainer.Position p, int totalEpochs, int windows, double loss, double rate, double tps) {
                double done = (p.epoch + p.batch / (double) windows) / totalEpochs;
                if (doneAtStart < 0) {
                    doneAtStart = done;
                }
                double spent = (System.nanoTime() - start) / 1e9;
                double fraction = done - doneAtStart;
                double eta = fraction > 0 ? spent / fraction * (1 - done) : 0;
                progress.update(String.format("Progress: %5.1f%%  epoch %d/%d  loss %.4f  ppl %.2f  lr %.4g  tokens/s %.0f  ETA %s",
                        100 * done, p.epoch + 1, totalEpochs, loss, Math.exp(Math.min(loss, 700)), rate, tps,
                        Progress.duration(eta)));
            }

            @Override
            public void record(ObjectNode metrics) {
                progress.done();
                out.write(metrics);
            }

            @Override
            public void note(String message) {
                progress.note("recur train-lm: " + message);
            }
        };
        new Trainer(task, opt, schedule, settings(), files, listener).train(at);
        progress.done();
        out.close();
        progress.note("recur train-lm: wrote " + output);
        return ExitCodes.OK;
    }

    private Trainer.Settings settings() {
        return new Trainer.Settings(epochs, clip, validEvery,
                maxTime == null ? 0 : Durations.seconds(maxTime, "--max-time"), checkpointEvery * 60, compute.seed);
    }

    private LmTask.Shape shape(boolean charLevel) {
        return new LmTask.Shape(batch, bptt, evalBatch, charLevel);
    }

    private LineCodec buildCodec(List<String> trainFiles) {
        if (tokenizer != null) {
            return new TokenizerCodec(Tokenizer.load(tokenizer));
        }
        LmVocabulary.Level lv = switch (level.toLowerCase()) {
            case "char" -> LmVocabulary.Level.CHAR;
            case "word" -> LmVocabulary.Level.WORD;
            default -> throw new IllegalArgumentException("--level must be char or word, got " + level);
        };
        Map<String, Long> counts = LmData.count(input.reader(trainFiles), lv, input.textField);
        return LmVocabulary.build(lv, counts, minCount, maxVocab);
    }

    private LmArchitecture architecture(int vocab) {
        String c = cell.toLowerCase();
        if (!c.equals("tcn")) {
            c = recur.nn.RecurrentCell.parse(c).id();
        }
        return new LmArchitecture(c, vocab, emb, hidden, layers, dropout, tied, kernelSize, history < 0 ? bptt : history);
    }

    private Optimizer optimizer() {
        return switch (optimizer.toLowerCase()) {
            case "sgd" -> new Sgd(momentum, false, weightDecay);
            case "adam" -> Adam.adam(0.9, 0.999, 1e-8, weightDecay);
            case "adamw" -> Adam.adamW(0.9, 0.999, 1e-8, weightDecay == 0 ? 0.01 : weightDecay);
            default -> throw new IllegalArgumentException("--optimizer must be sgd, adam or adamw, got " + optimizer);
        };
    }

    private LrSchedule schedule() {
        return switch (lrSchedule.toLowerCase()) {
            case "constant" -> LrSchedule.constant(lr);
            case "plateau" -> new PlateauDecay(lr, 1 / lrDecay, 0, 0);
            case "step" -> new StepDecay(lr, lrDecay, lrDecayFrom, lrDecayEvery);
            case "warmup" -> new WarmupDecay(lr, warmupSteps, estimatedSteps(), WarmupDecay.Decay.LINEAR);
            default -> throw new IllegalArgumentException("--lr-schedule must be plateau, step, constant or warmup, got " + lrSchedule);
        };
    }

    /** Total steps for the warm-up schedule's decay; known only once the data is read, so estimated from file sizes. */
    private long estimatedSteps() {
        return Math.max(warmupSteps + 1, (long) epochs * 1_000_000L / ((long) batch * bptt));
    }

    private ObjectNode provenance(List<String> trainFiles) {
        Provenance p = Provenance.of(spec).files(Inputs.namesOrStdin(input.files), trainFiles, null);
        if (valid != null) {
            p.files(List.of(valid), Inputs.spooled(List.of(valid)), "valid");
        }
        ObjectNode t = p.json();
        t.put("seed", compute.seed);
        t.put("threads", compute.threads);
        t.put("data_sha256", LmData.digest(trainFiles));
        return t;
    }
}
