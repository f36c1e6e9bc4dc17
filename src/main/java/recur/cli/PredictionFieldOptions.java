package recur.cli;

import picocli.CommandLine.Option;

/** --pred-field and --probs-field: where predictions are written (predict) or read (eval). */
public final class PredictionFieldOptions {
    @Option(names = "--pred-field", paramLabel = "NAME", defaultValue = "pred",
            description = "The field of the predicted label (an array for multi-label prediction). Default: ${DEFAULT-VALUE}.")
    String pred;

    @Option(names = "--probs-field", paramLabel = "NAME", defaultValue = "probs",
            description = "The field of the label probabilities, an object label: probability, most probable first. Default: ${DEFAULT-VALUE}.")
    String probs;
}
