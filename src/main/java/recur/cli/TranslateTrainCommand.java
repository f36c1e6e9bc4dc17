package recur.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import recur.io.Inputs;
import recur.io.Json;
import recur.io.JsonlWriter;
import recur.model.translate.Architecture;
import recur.model.translate.Side;
import recur.model.translate.Translator;
import recur.model.translate.TranslatorFile;
import recur.optim.LrSchedule;
import recur.optim.Optimizer;
import recur.optim.PlateauDecay;
import recur.optim.WarmupDecay;
import recur.text.Tokenizer;
import recur.train.Checkpoints;
import recur.train.StopSignal;
import recur.train.Trainer;
import recur.train.TranslationData;
import recur.train.TranslationTask;

/** recur translate train: parses options and wires the pairs, vocabularies, model and the shared trainer. */
@Command(mixinStandardHelpOptions = true, name = "train", defaultValueProvider = TranslateTrainCommand.Defaults.class,
        header = "Train an attention encoder-decoder (Bahdanau or Luong attention, GRU or LSTM) on parallel text.",
        description = {
            "Reads pairs of source and target text: JSONL records with \"src\" and \"tgt\" (--src-field, --tgt-field;"
                    + " files or standard input, gzip/bzip2/xz recognised), or two plain-text files of one sentence a line"
                    + " (--src-file, --tgt-file). A pair with a missing or blank side is bad input (exit 1, file:line), or is"
                    + " skipped and counted with --skip-bad. Each side is split into whitespace-separated words (--lowercase"
                    + " to lowercase them, as the PyTorch peer's 'ws' tokenization; vocabularies built from the training"
                    + " data with --min-freq and --max-vocab), or encoded by a recur tokenizer model (--tokenizer for both"
                    + " sides, or --src-tokenizer/--tgt-tokenizer). Training pairs with a side of more than --max-len tokens"
                    + " are dropped and counted.",
            "",
            "The model: embeddings, a stacked bidirectional encoder (lengths masked), a bridge (tanh of a linear map of"
                    + " the final forward and backward states) to the decoder's initial state, and a stacked decoder with"
                    + " attention: bahdanau (additive score from the previous decoder state, context fed to the cell,"
                    + " output tanh(W[s;c;e])) or luong (general or dot score after the cell, output tanh(W[c;h]),"
                    + " optionally --input-feed). It is trained with teacher forcing, Adam and gradient clipping on batches"
                    + " bucketed by length (--batch sentences and/or --batch-tokens padded tokens), shuffled from --seed.",
            "",
            "Standard output gets one JSON record per validation (every epoch, and every --valid-every steps): epoch, step,"
                    + " train_loss, valid_loss, valid_perplexity, valid_bleu and valid_chrf (sacrebleu's BLEU and chrF of"
                    + " greedy translations of the validation sources against their targets), lr, tokens_per_s (target"
                    + " tokens a second of training), elapsed, saved. The best model by --keep-best is written to --output"
                    + " (the last one without validation data). A checkpoint (OUTPUT.ckpt) is written every"
                    + " --checkpoint-every minutes, after every epoch and on Ctrl-C or SIGTERM (exit 130); --resume CKPT"
                    + " continues to the same result as an uninterrupted run.",
            "",
            "Memory: all pairs as text and as 4-byte ids, the parameters four times over (values, gradients, Adam's"
                    + " moments) and one batch's activations."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  recur translate train --lowercase --cell gru --attention bahdanau --emb 256 --hidden 256 \\",
            "      --dropout 0.2 --batch 64 -o de-en.nmt multi30k/train.jsonl --valid multi30k/valid.jsonl | tee log.jsonl",
            "  recur translate train --tokenizer bpe.tok --attention luong --input-feed --cell lstm --layers 2 \\",
            "      --batch-tokens 4000 --label-smoothing 0.1 --lr-schedule warmup --warmup-steps 1000 \\",
            "      --src-file train.es --tgt-file train.en --valid-src-file dev.es --valid-tgt-file dev.en -o es-en.nmt",
            "  recur translate train --resume de-en.nmt.ckpt --max-time 1h"})
public final class TranslateTrainCommand implements Callable<Integer> {
    @Mixin
    InputOptions input;

    @Mixin
    ComputeOptions compute;

    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Option(names = {"-o", "--output"}, paramLabel = "NMT",
            description = "The model file to write (required, unless --resume: the checkpoint knows it).")
    Path output;

    @Option(names = "--src-field", paramLabel = "NAME", defaultValue = "src",
            description = "The field that holds the source text. Default: ${DEFAULT-VALUE}.")
    String srcField;

    @Option(names = "--tgt-field", paramLabel = "NAME", defaultValue = "tgt",
            description = "The field that holds the target text. Default: ${DEFAULT-VALUE}.")
    String tgtField;

    @Option(names = "--src-file", paramLabel = "FILE", description = "Plain-text sources, one a line (with --tgt-file).")
    String srcFile;

    @Option(names = "--tgt-file", paramLabel = "FILE", description = "Plain-text targets, line by line with --src-file.")
    String tgtFile;

    @Option(names = "--valid-src-file", paramLabel = "FILE", description = "Plain-text validation sources (with --valid-tgt-file).")
    String validSrcFile;

    @Option(names = "--valid-tgt-file", paramLabel = "FILE", description = "Plain-text validation targets.")
    String validTgtFile;

    @Option(names = "--tokenizer", paramLabel = "TOK", description = "A recur tokenizer model for both sides (joint vocabulary).")
    Path tokenizer;

    @Option(names = "--src-tokenizer", paramLabel = "TOK", description = "A recur tokenizer model for the source side.")
    Path srcTokenizer;

    @Option(names = "--tgt-tokenizer", paramLabel = "TOK", description = "A recur tokenizer model for the target side.")
    Path tgtTokenizer;

    @Option(names = "--lowercase", description = "Lowercase words (sides without a tokenizer); references are lowercased too.")
    boolean lowercase;

    @Option(names = "--min-freq", converter = Ranges.Positive.class, paramLabel = "N", defaultValue = "1",
            description = "Words seen fewer times become <unk>. Default: ${DEFAULT-VALUE}.")
    int minFreq;

    @Option(names = "--max-vocab", converter = Ranges.SideVocabLimit.class, paramLabel = "N", defaultValue = "0",
            description = "At most N ids per side, specials included, the most frequent words (0: all). Default: ${DEFAULT-VALUE}.")
    int maxVocab;

    @Option(names = "--max-len", converter = Ranges.NonNegative.class, paramLabel = "N", defaultValue = "50",
            description = "Drop training pairs with a side of more than N tokens (0: keep all). Default: ${DEFAULT-VALUE}.")
    int maxLen;

    @Option(names = "--cell", paramLabel = "gru|lstm", defaultValue = "gru",
            description = "Encoder and decoder cell. Default: ${DEFAULT-VALUE}.")
    String cell;

    @Option(names = "--attention", paramLabel = "bahdanau|luong", defaultValue = "bahdanau",
            description = "bahdanau: additive, from the previous decoder state, context fed to the cell; luong: after the"
                    + " cell. Default: ${DEFAULT-VALUE}.")
    String attention;

    @Option(names = "--score", paramLabel = "general|dot", defaultValue = "general",
            description = "Luong's score: general h·W_a m, or dot h·m (each encoder direction then has --hidden/2)."
                    + " Default: ${DEFAULT-VALUE}.")
    String score;

    @Option(names = "--input-feed", description = "Luong: feed the previous attentional vector to the cell (decodes step by step).")
    boolean inputFeed;

    @Option(names = "--emb", converter = Ranges.Positive.class, paramLabel = "E", defaultValue = "256", description = "Embedding width. Default: ${DEFAULT-VALUE}.")
    int emb;

    @Option(names = "--hidden", converter = Ranges.Positive.class, paramLabel = "H", defaultValue = "256", description = "Hidden width. Default: ${DEFAULT-VALUE}.")
    int hidden;

    @Option(names = "--layers", converter = Ranges.Positive.class, paramLabel = "L", defaultValue = "1",
            description = "Encoder and decoder layers. Default: ${DEFAULT-VALUE}.")
    int layers;

    @Option(names = "--dropout", converter = Ranges.Fraction.class, paramLabel = "P", defaultValue = "0.2",
            description = "Dropout on embeddings, between layers and before the output projection. Default: ${DEFAULT-VALUE}.")
    double dropout;

    @Option(names = "--tie-embeddings", description = "Share the target embedding table with the output projection (needs --emb = --hidden).")
    boolean tied;

    @Option(names = "--batch", converter = Ranges.Positive.class, paramLabel = "B",
            description = "Sentences per batch. Default: 64, or no row limit with --batch-tokens.")
    Integer batch;

    @Option(names = "--batch-tokens", converter = Ranges.NonNegativeLong.class, paramLabel = "N", defaultValue = "0",
            description = "Padded tokens per batch (rows × the longest side; 0: batches of --batch sentences)."
                    + " Default: ${DEFAULT-VALUE}.")
    long batchTokens;

    @Option(names = "--valid-batch", converter = Ranges.Positive.class, paramLabel = "B", defaultValue = "64",
            description = "Sentences per validation batch. Default: ${DEFAULT-VALUE}.")
    int validBatch;

    @Option(names = "--label-smoothing", converter = Ranges.Fraction.class, paramLabel = "EPS", defaultValue = "0",
            description = "Mix the uniform distribution into the targets. Default: ${DEFAULT-VALUE}.")
    double smoothing;

    @Mixin
    TrainingOptions training;

    @Option(names = "--weight-decay", converter = Ranges.NonNegativeReal.class, paramLabel = "W", defaultValue = "0", description = "Default: ${DEFAULT-VALUE}.")
    double weightDecay;

    @Option(names = "--lr-schedule", paramLabel = "constant|warmup|inverse-sqrt|plateau", defaultValue = "constant",
            description = "warmup: linear warm-up over --warmup-steps, then linear decay to 0 at the last step;"
                    + " inverse-sqrt: warm-up, then rate·√(warm-up/step); plateau: divide by --lr-decay when validation"
                    + " loss does not improve. Default: ${DEFAULT-VALUE}.")
    String lrSchedule;

    @Option(names = "--warmup-steps", converter = Ranges.NonNegativeLong.class, paramLabel = "N", defaultValue = "1000", description = "Steps of warm-up. Default: ${DEFAULT-VALUE}.")
    long warmupSteps;

    @Option(names = "--lr-decay", converter = Ranges.Shrink.class, paramLabel = "F", defaultValue = "0.5",
            description = "plateau: the factor the rate is multiplied by. Default: ${DEFAULT-VALUE}.")
    double lrDecay;

    @Option(names = "--keep-best", paramLabel = "bleu|loss", defaultValue = "bleu",
            description = "Which validation figure picks the model written to --output. Default: ${DEFAULT-VALUE}.")
    String keepBest;

    private static final String NAME = "translate train";

    @Override
    public Integer call() throws IOException {
        TranslatorFile.Loaded resumed = training.resume == null ? null : loadCheckpoint();
        if (output == null) {
            throw new IllegalArgumentException("-o/--output is required (or --resume CKPT, which knows it)");
        }
        OutputOption.checkNotInput(output, input.files, training.valid, srcFile, tgtFile, validSrcFile, validTgtFile, tokenizer,
                srcTokenizer, tgtTokenizer, training.resume);
        if ((srcFile == null) != (tgtFile == null)) {
            throw new IllegalArgumentException("--src-file and --tgt-file go together");
        }
        if ((validSrcFile == null) != (validTgtFile == null)) {
            throw new IllegalArgumentException("--valid-src-file and --valid-tgt-file go together");
        }
        if (srcFile != null && !input.files.isEmpty()) {
            throw new IllegalArgumentException("give either input files (JSONL pairs) or --src-file/--tgt-file, not both");
        }
        if (training.valid != null && validSrcFile != null) {
            throw new IllegalArgumentException("give either --valid or --valid-src-file/--valid-tgt-file, not both");
        }
        if (tokenizer != null && (srcTokenizer != null || tgtTokenizer != null)) {
            throw new IllegalArgumentException("--tokenizer serves both sides; drop --src-tokenizer/--tgt-tokenizer");
        }
        compute.apply();
        training.settings(compute.seed);
        taskSettings();
        architecture(5, 5);
        optimizer();
        schedule(1);
        Path ckptPath = training.checkpointFor(output);
        if (resumed != null) {
            training.refuseFinished(resumed.meta().path("checkpoint"));
        } else {
            // all of the model but the part its vocabularies size is known now: one the heap cannot hold is
            // refused before the pairs are read, as train-lm does
            Translator.requireMemory(architecture(5, 5));
        }
        StopSignal.install();
        Progress progress = new Progress(System.err, common.quiet, NAME);
        // the pairs are read once, into memory, so standard input needs no spooling
        TranslationData.Pairs pairs = srcFile != null ? TranslationData.parallel(srcFile, tgtFile, input.skipBad)
                : TranslationData.records(input.reader(), srcField, tgtField);
        note(progress, pairs.skippedSummary());
        String dataDigest = pairs.digest();
        Translator model;
        Side source;
        Side target;
        ObjectNode provenance;
        if (resumed != null) {
            model = resumed.model();
            source = resumed.source();
            target = resumed.target();
            Architecture wanted = architecture(source.size(), target.size());
            if (!wanted.equals(model.architecture())) {
                throw new IllegalArgumentException("--resume: the checkpoint's architecture " + model.architecture().toJson()
                        + " differs from these options' " + wanted.toJson());
            }
            provenance = (ObjectNode) resumed.meta().path("training");
            String trained = resumed.meta().path("checkpoint").path("run").path("data_sha256").asText(null);
            if (trained != null && !trained.equals(dataDigest)) {
                throw new IllegalArgumentException("--resume: the training data is not the data " + training.resume
                        + " was trained on (sha256 " + dataDigest.substring(0, 12) + "… against " + trained.substring(0, 12) + "…)");
            }
        } else {
            source = side(srcTokenizer != null ? srcTokenizer : tokenizer, pairs.src, pairs.tgt);
            target = side(tgtTokenizer != null ? tgtTokenizer : tokenizer, pairs.tgt, pairs.src);
            model = new Translator(architecture(source.size(), target.size()));
            model.init(new SplittableRandom(compute.seed));
            provenance = provenance(dataDigest);
        }
        TranslationData.Encoded train = TranslationData.encode(pairs, source, target, maxLen);
        if (train.tooLong() > 0) {
            note(progress, "dropped " + train.tooLong() + " of " + pairs.size() + " training pairs with a side longer than"
                    + " --max-len " + maxLen + " tokens");
        }
        TranslationTask.Valid validation = null;
        if (training.valid != null || validSrcFile != null) {
            TranslationData.Pairs vp = validSrcFile != null ? TranslationData.parallel(validSrcFile, validTgtFile, input.skipBad)
                    : TranslationData.records(input.reader(List.of(training.valid)), srcField, tgtField);
            note(progress, vp.skippedSummary());
            validation = new TranslationTask.Valid(TranslationData.encode(vp, source, target, 0), vp.tgt);
        }
        progress.note(String.format("recur %s: %d training pairs (%d target tokens), %s validation pairs, vocabularies"
                        + " %d and %d, %d parameters", NAME, train.size(), train.targetTokens(),
                validation == null ? "no" : String.valueOf(validation.ids().size()), source.size(), target.size(),
                model.params().size()));
        TranslationTask task = new TranslationTask(model, train, validation, target, taskSettings());
        Optimizer opt = optimizer();
        LrSchedule schedule = schedule(task.epoch(0).size());
        Trainer.Position at = new Trainer.Position();
        if (resumed != null) {
            at = Checkpoints.restore(resumed.archive(), training.resume, opt, schedule, task.carried());
            progress.note("recur " + NAME + ": resuming from " + training.resume + " at epoch " + (at.epoch + 1)
                    + ", step " + at.step);
        }
        ObjectNode run = Json.MAPPER.createObjectNode();
        run.set("options", ResumeOptions.given(spec));
        run.put("data_sha256", dataDigest);
        Checkpoints files = new Checkpoints(output, ckptPath, TranslatorFile.contents(model, source, target), provenance, run);
        TrainingReport report = new TrainingReport(NAME, progress, new JsonlWriter(System.out, true), task.unit(),
                training.maxSeconds(), loss -> String.format("loss %.4f  ppl %.2f", loss, Math.exp(Math.min(loss, 700))));
        at = new Trainer(task, opt, schedule, training.settings(compute.seed), files, report).train(at);
        report.close();
        training.finish(at, output, ckptPath, progress, NAME);
        return ExitCodes.OK;
    }

    private static void note(Progress progress, String message) {
        if (message != null) {
            progress.note("recur " + NAME + ": " + message);
        }
    }

    /** A side's vocabulary: the tokenizer given, or words counted over the pairs kept by --max-len. */
    private Side side(Path tok, List<String> texts, List<String> other) {
        if (tok != null) {
            return new Side.Tokenized(Tokenizer.load(tok));
        }
        LinkedHashMap<String, Long> counts = new LinkedHashMap<>();
        for (int i = 0; i < texts.size(); i++) {
            if (maxLen > 0 && (words(texts.get(i)) > maxLen || words(other.get(i)) > maxLen)) {
                continue;
            }
            Side.Words.count(texts.get(i), lowercase, counts);
        }
        return Side.Words.build(counts, lowercase, minFreq, maxVocab);
    }

    /** Whitespace-separated words (the other side may be tokenized otherwise; words approximate its length). */
    private static int words(String text) {
        int n = 0;
        boolean in = false;
        for (int i = 0; i < text.length(); i++) {
            boolean ws = Side.Words.isSpace(text.charAt(i));
            n += !ws && !in ? 1 : 0;
            in = !ws;
        }
        return n;
    }

    /** Loads the checkpoint to resume and takes the options it stored for those not given now. */
    private TranslatorFile.Loaded loadCheckpoint() {
        TranslatorFile.Loaded loaded = TranslatorFile.load(training.resume);
        ResumeOptions.reparse(spec, training.resume, training.checkpointState(loaded.meta(), NAME), TranslateTrainCommand::new);
        return loaded;
    }

    private TranslationTask.Settings taskSettings() {
        int rows = batch != null ? batch : batchTokens > 0 ? 0 : 64;
        return new TranslationTask.Settings(rows, batchTokens, (float) smoothing, validBatch, keepBest.toLowerCase(), compute.seed);
    }

    private Architecture architecture(int srcVocab, int tgtVocab) {
        return new Architecture(cell, attention, score, inputFeed, srcVocab, tgtVocab, emb, hidden, layers, (float) dropout, tied);
    }

    private Optimizer optimizer() {
        return training.optimizer(0, weightDecay);
    }

    private LrSchedule schedule(long stepsPerEpoch) {
        double lr = training.rate(0.001);
        return switch (lrSchedule.toLowerCase()) {
            case "constant" -> LrSchedule.constant(lr);
            case "warmup" -> new WarmupDecay(lr, warmupSteps, Math.max(warmupSteps + 1, training.epochs * stepsPerEpoch),
                    WarmupDecay.Decay.LINEAR);
            case "inverse-sqrt" -> new WarmupDecay(lr, warmupSteps, 0, WarmupDecay.Decay.INVERSE_SQRT);
            case "plateau" -> new PlateauDecay(lr, 1 / lrDecay, 0, 0);
            default -> throw new IllegalArgumentException("--lr-schedule must be constant, warmup, inverse-sqrt or plateau, got "
                    + lrSchedule);
        };
    }

    private ObjectNode provenance(String dataDigest) {
        Provenance p = Provenance.of(spec);
        if (srcFile != null) {
            p.files(List.of(srcFile, tgtFile), List.of(srcFile, tgtFile), null);
        } else {
            // standard input has no file to digest; data_sha256 below covers every pair read
            List<String> named = Inputs.namesOrStdin(input.files).stream().filter(n -> !Inputs.STDIN.equals(n)).toList();
            p.files(named, named, null);
        }
        if (training.valid != null) {
            p.files(List.of(training.valid), List.of(training.valid), "valid");
        }
        if (validSrcFile != null) {
            p.files(List.of(validSrcFile, validTgtFile), List.of(validSrcFile, validTgtFile), "valid");
        }
        ObjectNode t = p.json();
        t.put("seed", compute.seed);
        t.put("threads", compute.threads);
        t.put("data_sha256", dataDigest);
        return t;
    }

    /** translate train's defaults for the shared training options. */
    public static final class Defaults extends TrainingOptions.Defaults {
        public Defaults() {
            super("--epochs", "10", "--optimizer", "adam", "--clip", "1", "--lr", "0.001");
        }
    }
}
