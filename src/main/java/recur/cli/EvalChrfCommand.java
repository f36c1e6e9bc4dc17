package recur.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import recur.eval.Chrf;

/** {@code recur eval chrf}: corpus chrF or chrF++ exactly as sacrebleu computes it. */
@Command(mixinStandardHelpOptions = true, name = "chrf", sortOptions = false,
        header = "chrF and chrF++ of translations against references, the same numbers as sacrebleu.",
        description = {
            "Reads JSON Lines with a hypothesis ('hyp') and one reference ('ref') or several ('refs', an array), or a"
                    + " plain hypothesis file with --ref FILE per reference, and writes one JSON record: the corpus"
                    + " score (character n-grams up to 6, beta 2; with --word-order 2 also word uni- and bigrams:"
                    + " chrF++), sacrebleu's signature string and 'line', the score as sacrebleu prints it."
                    + " --sentence instead writes every record with its own score added.",
            "--bootstrap N adds the mean and 95%% interval of N resamples; --paired FILE compares against a baseline"
                    + " system with sacrebleu's paired bootstrap test and adds its p-value, on sacrebleu's own resamples.",
            "A record without a hypothesis or reference is bad input (exit 1, file:line) or, with --skip-bad,"
                    + " counted and left out. Memory: constant, plus a few numbers per record with --bootstrap."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  recur translate -m nmt.model test.jsonl | recur eval chrf --word-order 2",
            "  recur eval chrf --ref newstest.en hyps.txt",
            "  recur eval chrf --bootstrap 1000 --paired base.jsonl sys.jsonl"})
public final class EvalChrfCommand implements Callable<Integer> {
    @Option(names = "--word-order", converter = Ranges.NonNegative.class, paramLabel = "N", defaultValue = "0",
            description = "Word n-gram order: 0 for chrF, 2 for chrF++. Default: ${DEFAULT-VALUE}.")
    int wordOrder;

    @Option(names = "--lowercase", description = "Lowercase hypotheses and references (case:lc).")
    boolean lowercase;

    @Mixin
    MtEvalOptions mt;

    @Mixin
    InputOptions in;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        Chrf chrf = new Chrf(wordOrder, lowercase);
        return new MtEvaluation("eval chrf", chrf, chrf, mt, in, common).run();
    }
}
