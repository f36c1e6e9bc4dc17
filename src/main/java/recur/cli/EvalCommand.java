package recur.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/** recur eval: the metrics, one subcommand each. */
@Command(name = "eval",
        header = "Measure models and outputs: perplexity, and more metrics as subcommands.",
        description = {"Each subcommand reads its input as JSON Lines or plain text and writes its scores as JSON."},
        synopsisSubcommandLabel = "METRIC",
        subcommands = {EvalPerplexityCommand.class})
public final class EvalCommand implements Runnable {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing metric: " + String.join(", ", spec.subcommands().keySet()));
    }
}
