package recur.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/** {@code recur classify}: the parent of classifier training and prediction. */
@Command(mixinStandardHelpOptions = true, name = "classify",
        header = "Text classifiers: train one, or label records with one.",
        description = {"'classify train' learns a classifier from labelled JSONL; 'classify predict' adds its labels and"
                + " probabilities to records; 'recur eval classification' scores the result."},
        synopsisSubcommandLabel = "COMMAND",
        subcommands = {ClassifyTrainCommand.class, ClassifyPredictCommand.class},
        footerHeading = "%nExamples:%n",
        footer = {
            "  recur classify train --arch bag --word-ngrams 2 --epochs 25 --lr 0.5 -o mr.cls train.jsonl --valid dev.jsonl",
            "  recur classify train --arch rnn --bidirectional --pool max -o mr-lstm.cls train.jsonl --valid dev.jsonl",
            "  recur classify predict -m mr.cls test.jsonl | recur eval classification"})
public final class ClassifyCommand implements Runnable {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "missing command: " + String.join(", ", spec.subcommands().keySet()));
    }
}
