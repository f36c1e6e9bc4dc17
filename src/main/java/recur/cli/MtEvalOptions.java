package recur.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The options {@code eval bleu} and {@code eval chrf} share: where hypotheses and references are, what to add. */
public final class MtEvalOptions {
    @Option(names = "--hyp-field", paramLabel = "NAME", defaultValue = "hyp",
            description = "The field that holds the hypothesis (plain-text lines are hypotheses as they are). Default: ${DEFAULT-VALUE}.")
    String hypField;

    @Option(names = "--ref-field", paramLabel = "NAME", defaultValue = "ref",
            description = "The field that holds the reference: a string, or an array of strings for several (null entries"
                    + " are absent references). When it is missing, 'refs' is read. Default: ${DEFAULT-VALUE}.")
    String refField;

    @Option(names = "--ref", paramLabel = "FILE",
            description = "A reference file, one reference a line, line-aligned with the hypotheses; repeat for several"
                    + " references. The input is then a hypothesis file (plain text unless --format jsonl).")
    List<String> refFiles = new ArrayList<>();

    @Option(names = "--paired", paramLabel = "FILE",
            description = "A baseline system's hypotheses (JSONL with the hypothesis field, or plain lines), line-aligned"
                    + " with the input: adds sacrebleu's paired bootstrap test (--paired-bs) of the input against it,"
                    + " with --bootstrap resamples (default 1000).")
    String paired;

    @Option(names = "--sentence",
            description = "Write every input record with its own score added (sentence-level, as sacrebleu -sl) instead of"
                    + " the corpus record; the corpus score goes to standard error.")
    boolean sentence;

    @Option(names = "--score-field", paramLabel = "NAME",
            description = "With --sentence: the field the score is written to. Default: the metric's name, lowercase.")
    String scoreField;

    @Option(names = "--bootstrap", paramLabel = "N", defaultValue = "0",
            description = "Resample the segments N times (sacrebleu --confidence -cn N) and add the mean and the half-width"
                    + " of the 95%% confidence interval. Default: none (1000 with --paired).")
    int bootstrap;

    @Option(names = "--seed", converter = Ranges.NonNegativeLong.class, paramLabel = "N", defaultValue = "12345",
            description = "Seed of the resampling; the default gives sacrebleu's resamples. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--width", paramLabel = "N", defaultValue = "1",
            description = "Decimals of the score in the sacrebleu-style line. Default: ${DEFAULT-VALUE}.")
    int width;
}
