package recur.cli;

import picocli.CommandLine.Option;
import recur.model.classify.Examples;

/** --label-field and --labels-field: where records keep their reference labels. */
public final class LabelFieldOptions {
    @Option(names = "--label-field", paramLabel = "NAME", defaultValue = "label",
            description = "The field holding a record's label (a string). Default: ${DEFAULT-VALUE}.")
    String label;

    @Option(names = "--labels-field", paramLabel = "NAME", defaultValue = "labels",
            description = "The field holding a multi-label record's labels (an array), read when the label field is absent. Default: ${DEFAULT-VALUE}.")
    String labels;

    Examples.LabelFields fields() {
        return new Examples.LabelFields(label, labels);
    }
}
