package recur.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import recur.optim.Optimizer;
import recur.train.Trainer;

/**
 * The options of the shared training loop ({@link Trainer}) that train-lm, translate train and
 * classify train take: declared once, each with one help text and one range checked while the
 * command line is parsed. A command's own defaults (--epochs, --optimizer, --clip, a fixed --lr)
 * come from its {@link Defaults}, a picocli default-value provider, so {@code ${DEFAULT-VALUE}} in
 * the help shows that command's value; where the default rate depends on other options, --lr is
 * left null, the command computes it ({@link #rate}) and says how in its help under {@link #LR_KEY}.
 */
public final class TrainingOptions {
    /** The key of --lr's help text in a command's resource bundle, for a command whose default rate is a rule. */
    public static final String LR_KEY = "training.lr";

    @Option(names = "--valid", paramLabel = "FILE",
            description = "Validation data, in the form the input files take: each validation scores it, and the"
                    + " model that scores best is the one written to --output (without validation data, the last).")
    public String valid;

    @Option(names = "--epochs", converter = Ranges.Positive.class, paramLabel = "N",
            description = "Passes over the training data. Default: ${DEFAULT-VALUE}.")
    public int epochs;

    @Option(names = "--max-time", converter = Durations.Seconds.class, paramLabel = "DURATION",
            description = "Stop after this long (90, 90s, 10m, 1.5h); the model trained so far is validated and"
                    + " written as at the end of a run.")
    Double maxSeconds;

    @Option(names = "--optimizer", paramLabel = "sgd|adam|adamw",
            description = "The optimiser (adamw: decoupled weight decay). Default: ${DEFAULT-VALUE}.")
    public String optimizer;

    @Option(names = "--lr", converter = Ranges.PositiveReal.class, paramLabel = "RATE", descriptionKey = LR_KEY,
            description = "Learning rate (above 0). Default: ${DEFAULT-VALUE}.")
    Double lr;

    @Option(names = "--clip", converter = Ranges.NonNegativeReal.class, paramLabel = "NORM",
            description = "Clip the gradients' global norm (0: no clipping). Default: ${DEFAULT-VALUE}.")
    public double clip;

    @Option(names = "--patience", converter = Ranges.NonNegative.class, paramLabel = "N", defaultValue = "0",
            description = "Stop after N epochs in a row without a better validation score (0: never)."
                    + " Default: ${DEFAULT-VALUE}.")
    public int patience;

    @Option(names = "--valid-every", converter = Ranges.NonNegativeLong.class, paramLabel = "STEPS", defaultValue = "0",
            description = "Also validate every N steps (0: only after each epoch). Default: ${DEFAULT-VALUE}.")
    public long validEvery;

    @Option(names = "--checkpoint-every", converter = Ranges.NonNegativeReal.class, paramLabel = "MINUTES",
            defaultValue = "10",
            description = "Write a checkpoint this often (0: only after epochs and on interrupt). Default: ${DEFAULT-VALUE}.")
    public double checkpointEvery;

    @Option(names = "--checkpoint", paramLabel = "FILE", description = "Where checkpoints go. Default: OUTPUT.ckpt.")
    Path checkpoint;

    @Option(names = "--resume", paramLabel = "CKPT",
            description = "Continue an interrupted run from its checkpoint, which holds its options and data digest:"
                    + " nothing else is needed, but --epochs, --max-time, --threads, -o, --checkpoint and"
                    + " --checkpoint-every may be given anew; other options given must equal the checkpoint's, and the"
                    + " training data must be the same (by digest).")
    public Path resume;

    @Option(names = "--keep-checkpoint",
            description = "Keep the checkpoint after a run that finished (it is removed by default; a run stopped by"
                    + " --max-time or a signal always keeps it).")
    public boolean keepCheckpoint;

    /** --max-time in seconds, 0 for no limit. */
    public double maxSeconds() {
        return maxSeconds == null ? 0 : maxSeconds;
    }

    /** The rate given, or {@code fallback}: the command's default for the model and optimiser chosen. */
    public double rate(double fallback) {
        return lr != null ? lr : fallback;
    }

    /** The optimiser --optimizer names, with the momentum and weight decay a command takes (0 where it takes none). */
    public Optimizer optimizer(double momentum, double weightDecay) {
        return Optimizer.named(optimizer, momentum, weightDecay);
    }

    /** The training loop's settings from these options. */
    public Trainer.Settings settings(long seed) {
        return new Trainer.Settings(epochs, clip, validEvery, maxSeconds(), checkpointEvery * 60, seed, patience);
    }

    /** Where checkpoints of a run writing {@code output} go; both folders are checked to be writable first. */
    public Path checkpointFor(Path output) {
        Path ckpt = checkpoint != null ? checkpoint : Path.of(output + ".ckpt");
        OutputFolder.check(output, "-o");
        OutputFolder.check(ckpt, "--checkpoint");
        return ckpt;
    }

    /**
     * The stored training state of the checkpoint --resume names, from its recur.json; refuses a
     * file that is no checkpoint and a run that already did its --epochs.
     *
     * @param command the command's name, for the messages ("train-lm")
     */
    public JsonNode checkpointState(JsonNode meta, String command) {
        JsonNode ck = meta.path("checkpoint");
        if (!ck.isObject()) {
            throw new recur.io.ModelFileException(resume + ": not a checkpoint (no training state); " + command
                    + " writes them as OUTPUT.ckpt");
        }
        return ck;
    }

    /** Refuses to resume a run that did all its --epochs already (the options stored were merged in by then). */
    public void refuseFinished(JsonNode checkpointState) {
        int done = checkpointState.path("position").path("epoch").asInt();
        if (done >= epochs) {
            throw new IllegalArgumentException("--resume: " + resume + " is a run that already finished (" + done
                    + " epochs); to train on, give --epochs N with N above " + done);
        }
    }

    /**
     * After training: says where the model went; a run that finished (its epochs done, or out of
     * patience) removes its checkpoint unless --keep-checkpoint, one stopped early says how to go on.
     */
    public void finish(Trainer.Position at, Path output, Path ckpt, Progress progress, String command) throws IOException {
        if (at.epoch < epochs && !at.outOfPatience(patience)) {
            progress.note("recur " + command + ": wrote " + output + "; continue with --resume " + ckpt);
        } else {
            if (!keepCheckpoint) {
                Files.deleteIfExists(ckpt);
            }
            progress.note("recur " + command + ": wrote " + output);
        }
    }

    /**
     * A command's defaults for these options, by long name: picocli applies them when an option is
     * not given and shows them as {@code ${DEFAULT-VALUE}}. A command names its subclass in
     * {@code @Command(defaultValueProvider = ...)}; it must give --epochs, --optimizer and --clip.
     */
    public abstract static class Defaults implements IDefaultValueProvider {
        private final Map<String, String> values = new HashMap<>();

        /** @param namesAndValues option names and their defaults, alternately: "--epochs", "10", ... */
        protected Defaults(String... namesAndValues) {
            for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
                values.put(namesAndValues[i], namesAndValues[i + 1]);
            }
            for (String required : new String[] {"--epochs", "--optimizer", "--clip"}) {
                if (!values.containsKey(required)) {
                    throw new IllegalStateException(getClass().getName() + " gives no default for " + required);
                }
            }
        }

        @Override
        public String defaultValue(ArgSpec arg) {
            return arg instanceof OptionSpec o ? values.get(o.longestName()) : null;
        }
    }
}
