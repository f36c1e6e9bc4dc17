package recur.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import recur.eval.Bleu;
import recur.eval.MtTokenizer;

/** {@code recur eval bleu}: corpus BLEU exactly as sacrebleu computes it. */
@Command(mixinStandardHelpOptions = true, name = "bleu", sortOptions = false,
        header = "BLEU of translations against references, the same numbers as sacrebleu.",
        description = {
            "Reads JSON Lines with a hypothesis ('hyp') and one reference ('ref') or several ('refs', an array), or a"
                    + " plain hypothesis file with --ref FILE per reference, and writes one JSON record: the corpus"
                    + " score, sacrebleu's signature string (nrefs, case, eff, tok, smooth, version: the sacrebleu"
                    + " version whose numbers these are), the n-gram counts and precisions, the brevity penalty and"
                    + " lengths, and 'line', the score as sacrebleu prints it. --sentence instead writes every record"
                    + " with its own BLEU added (effective order on, as sacrebleu -sl).",
            "--bootstrap N adds the mean and 95%% interval of N resamples; --paired FILE compares against a baseline"
                    + " system with sacrebleu's paired bootstrap test and adds its p-value. Resamples are sacrebleu's own"
                    + " (numpy's generator, seed 12345), so the intervals and p-values are sacrebleu's too.",
            "A record without a hypothesis or reference is bad input (exit 1, file:line) or, with --skip-bad,"
                    + " counted and left out. Memory: constant, plus a few numbers per record with --bootstrap."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  recur translate -m nmt.model test.jsonl | recur eval bleu",
            "  recur eval bleu --ref newstest.en --ref newstest2.en hyps.txt",
            "  recur eval bleu --tokenize intl --lowercase --bootstrap 1000 --paired base.jsonl sys.jsonl",
            "  recur eval bleu --sentence --quiet out.jsonl | jq .bleu"})
public final class EvalBleuCommand implements Callable<Integer> {
    @Option(names = "--tokenize", paramLabel = "13a|none|intl|char", defaultValue = "13a",
            description = "Tokenization before counting: mteval-v13a (WMT's), none (white space), intl (mteval-v14,"
                    + " Unicode punctuation and symbols), char (every character). Default: ${DEFAULT-VALUE}.")
    String tokenize;

    @Option(names = "--lowercase", description = "Lowercase hypotheses and references (case:lc).")
    boolean lowercase;

    @Option(names = "--smooth", paramLabel = "exp|none|floor|add-k", defaultValue = "exp",
            description = "Smoothing of n-gram orders without a match (Chen and Cherry 2014, as sacrebleu): exp (NIST),"
                    + " none, floor (zero counts become --smooth-value, default 0.1), add-k (--smooth-value, default 1,"
                    + " added to orders 2-4). Default: ${DEFAULT-VALUE}.")
    String smooth;

    @Option(names = "--smooth-value", converter = Ranges.NonNegativeReal.class, paramLabel = "X", description = "The value of floor or add-k smoothing.")
    Double smoothValue;

    @Mixin
    MtEvalOptions mt;

    @Mixin
    InputOptions in;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        Bleu.Smooth s = Bleu.Smooth.of(smooth);
        if (smoothValue != null && !s.hasValue()) {
            throw new IllegalArgumentException("--smooth-value goes with --smooth floor or add-k, not " + smooth);
        }
        Bleu bleu = new Bleu(MtTokenizer.of(tokenize), lowercase, s, smoothValue == null ? Double.NaN : smoothValue, false);
        return new MtEvaluation("eval bleu", bleu, bleu.forSentences(), mt, in, common).run();
    }
}
