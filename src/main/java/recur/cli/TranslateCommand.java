package recur.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/** {@code recur translate}: the parent of translator training (and, by default, translation). */
@Command(mixinStandardHelpOptions = true, name = "translate",
        header = "Attention encoder-decoders: train a translator from parallel text.",
        description = {"'translate train' learns an attention encoder-decoder (Bahdanau or Luong attention, GRU or LSTM)"
                + " from pairs of source and target text; 'recur eval bleu' and 'recur eval chrf' score translations."},
        synopsisSubcommandLabel = "COMMAND",
        subcommands = {TranslateTrainCommand.class},
        footerHeading = "%nExamples:%n",
        footer = {
            "  recur translate train --lowercase --attention bahdanau -o de-en.nmt train.jsonl --valid valid.jsonl"})
public final class TranslateCommand implements Runnable {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "missing command: " + String.join(", ", spec.subcommands().keySet()));
    }
}
