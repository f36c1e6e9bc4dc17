package recur.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import recur.eval.ClassificationEval;
import recur.io.BadInputException;
import recur.io.Json;
import recur.io.JsonlWriter;
import recur.io.Record;
import recur.io.RecordReader;
import recur.model.classify.ClassifierFile;

/** {@code recur eval classification}: accuracy, F1 and the confusion matrix of labelled predictions. */
@Command(mixinStandardHelpOptions = true, name = "classification", sortOptions = false,
        header = "Accuracy, macro- and micro-F1, per-class scores, confusion matrix, P@k and R@k.",
        description = {
            "Reads records holding the reference ('label', a string, or 'labels', an array) and the prediction ('pred',"
                    + " a label or an array of labels, and optionally 'probs', label: probability) — the output of"
                    + " 'recur classify predict'. With -m, the classifier predicts each record first. A record without a"
                    + " reference or a prediction is an error naming file:line (counted and skipped with --skip-bad).",
            "",
            "Writes one JSON record: examples, accuracy (exact match for multi-label data), macro_f1 (the mean F1 over"
                    + " every label seen), micro precision/recall/F1, fastText's precision_at_k and recall_at_k (the k"
                    + " most probable labels at or above --threshold, against the references), per-class precision,"
                    + " recall, f1 and support, and, for single-label data, the confusion matrix (rows reference, columns"
                    + " predicted, labels in order). A summary goes to standard error.",
            "",
            "Memory: a count per label pair."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  recur classify predict -m mr.cls test.jsonl | recur eval classification",
            "  recur eval classification -m tags.cls --k 3 tagged-test.jsonl"})
public final class EvalClassificationCommand implements Callable<Integer> {
    @Option(names = {"-m", "--model"}, paramLabel = "CLS", description = "A classifier to predict each record with first.")
    Path model;

    @Option(names = "--k", converter = Ranges.Positive.class, paramLabel = "N", defaultValue = "1", description = "The k of P@k and R@k. Default: ${DEFAULT-VALUE}.")
    int k;

    @Option(names = "--threshold", converter = Ranges.Probability.class, paramLabel = "P",
            description = "P@k counts labels with probability at least P; with -m, also the multi-label prediction threshold"
                    + " (default 0.5 for one-vs-all models). Default: 0 for P@k.")
    Double threshold;

    @Mixin
    TokensFieldOption tokens;

    @Mixin
    LabelFieldOptions labelFields;

    @Mixin
    PredictionFieldOptions predFields;

    @Mixin
    InputOptions in;

    @Mixin
    ThreadsOption compute;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() throws Exception {
        compute.apply();
        ClassificationEval eval = new ClassificationEval(
                new ClassificationEval.Fields(labelFields.label, labelFields.labels, predFields.pred, predFields.probs),
                k, threshold == null ? 0 : threshold);
        ClassifyPredictCommand.Labeller labeller = model == null ? null
                : new ClassifyPredictCommand.Labeller(ClassifierFile.load(model, in.textField, tokens.field), 0, threshold,
                        predFields.pred, predFields.probs);
        try (RecordReader reader = in.reader()) {
            List<Record> one = new ArrayList<>(1);
            while (reader.hasNext()) {
                Record r = reader.next();
                try {
                    if (labeller != null) {
                        one.clear();
                        one.add(r);
                        BadInputException unreadable = labeller.label(one, reader, null, 1);
                        if (unreadable != null) {
                            throw unreadable;
                        }
                        if (one.get(0) == null) {
                            continue;
                        }
                    }
                    eval.add(r);
                } catch (BadInputException e) {
                    reader.reject(e);
                }
            }
            InputOptions.reportSkipped(reader, new Progress(System.err, common.quiet), "eval classification");
        }
        ClassificationEval.Result r = eval.result();
        if (r.examples() == 0) {
            throw new BadInputException(null, "no records to evaluate");
        }
        try (JsonlWriter out = new JsonlWriter(System.out, false)) {
            out.write(record(r));
        }
        Progress progress = new Progress(System.err, common.quiet);
        progress.note(String.format(Locale.ROOT, "N\t%d%nP@%d\t%.4f%nR@%d\t%.4f%naccuracy\t%.4f%nmacro-F1\t%.4f%nmicro-F1\t%.4f",
                r.examples(), r.k(), r.precisionAtK(), r.k(), r.recallAtK(), r.accuracy(), r.macroF1(), r.microF1()));
        for (ClassificationEval.ClassScore c : r.classes()) {
            progress.note(String.format(Locale.ROOT, "  %-20s precision %.4f  recall %.4f  F1 %.4f  support %d",
                    c.label(), c.precision(), c.recall(), c.f1(), c.support()));
        }
        return 0;
    }

    static ObjectNode record(ClassificationEval.Result r) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("examples", r.examples());
        n.put("accuracy", r.accuracy());
        n.put("macro_f1", r.macroF1());
        n.put("micro_precision", r.microPrecision());
        n.put("micro_recall", r.microRecall());
        n.put("micro_f1", r.microF1());
        n.put("k", r.k());
        n.put("precision_at_k", r.precisionAtK());
        n.put("recall_at_k", r.recallAtK());
        ArrayNode cs = n.putArray("classes");
        for (ClassificationEval.ClassScore c : r.classes()) {
            ObjectNode o = cs.addObject();
            o.put("label", c.label());
            o.put("precision", c.precision());
            o.put("recall", c.recall());
            o.put("f1", c.f1());
            o.put("support", c.support());
            o.put("predicted", c.predicted());
            o.put("correct", c.correct());
        }
        if (r.confusion() != null) {
            ObjectNode cm = n.putObject("confusion");
            ArrayNode labels = cm.putArray("labels");
            r.confusionLabels().forEach(labels::add);
            ArrayNode m = cm.putArray("matrix");
            for (long[] row : r.confusion()) {
                ArrayNode a = m.addArray();
                for (long x : row) {
                    a.add(x);
                }
            }
        }
        return n;
    }
}
