package recur.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/** {@code recur eval}: the parent of the evaluation commands, one metric each. */
@Command(mixinStandardHelpOptions = true, name = "eval",
        header = "Evaluate models: perplexity, analogy accuracy, word-similarity correlation, BLEU and chrF.",
        description = {"Each evaluation reads its test data as files or standard input and writes its scores as JSON Lines."},
        synopsisSubcommandLabel = "METRIC",
        subcommands = {EvalPerplexityCommand.class, EvalAnalogyCommand.class, EvalSimilarityCommand.class,
            EvalBleuCommand.class, EvalChrfCommand.class},
        footerHeading = "%nExamples:%n",
        footer = {
            "  recur eval perplexity -m lm.model test.txt",
            "  recur eval analogy -m emb.model questions-words.txt",
            "  recur eval similarity -m emb.model EN-WS-353-ALL.txt",
            "  recur eval bleu --ref ref.txt hyps.txt"})
public final class EvalCommand implements Runnable {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "missing metric: " + String.join(", ", spec.subcommands().keySet()));
    }
}
