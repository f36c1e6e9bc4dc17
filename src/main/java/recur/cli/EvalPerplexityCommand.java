package recur.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import recur.io.Json;
import recur.io.JsonlWriter;
import recur.io.RecordReader;
import recur.model.LmFile;
import recur.train.IdSpool;
import recur.train.LmData;
import recur.train.LmEvaluator;

/** recur eval perplexity: how well a language model predicts a text. */
@Command(mixinStandardHelpOptions = true, name = "perplexity",
        header = "Perplexity and bits per token (or per character) of a language model on a text.",
        description = {
            "Reads text as train-lm does (JSONL \"text\", \"tokens\" or \"ids\"; or plain text lines), turns it into one"
                    + " token stream with the model's vocabulary, and predicts every token from those before it, in"
                    + " --eval-batch columns and --bptt windows with state carried, exactly as train-lm validates — so the"
                    + " numbers equal train-lm's for the same data and settings. Writes one JSON record: tokens, loss (mean"
                    + " natural-log loss), perplexity, and bits_per_char (character models) or bits_per_token.",
            "",
            "Records from recur sample hold the prompt in \"text\" and the generated text in \"sample\": add"
                    + " --text-field sample to score the samples (a note on standard error says so when it sees them).",
            "",
            "Memory: the model and one window's activations. The text's ids (4 bytes each) go to a temporary file past"
                    + " the first million, since the columns start at positions known only once all is read."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  recur eval perplexity -m ptb.lm ptb.test.txt",
            "  recur eval perplexity -m shakespeare.lm testdata/shakespeare/valid.txt"})
public final class EvalPerplexityCommand implements Callable<Integer> {
    @Mixin
    InputOptions input;

    @Mixin
    ThreadsOption compute;

    @Mixin
    CommonOptions common;

    @Mixin
    ModelOption model;

    @Option(names = "--eval-batch", paramLabel = "B", defaultValue = "10", converter = Ranges.Positive.class, description = "Columns. Default: ${DEFAULT-VALUE} (train-lm's default).")
    int evalBatch;

    @Option(names = "--bptt", paramLabel = "T", defaultValue = "35", converter = Ranges.Positive.class, description = "Steps per window. Default: ${DEFAULT-VALUE} (train-lm's default).")
    int bptt;

    @Override
    public Integer call() {
        compute.apply();
        LmFile.Loaded loaded = LmFile.load(model.path());
        RecordReader records = input.reader();
        LmEvaluator.Result r;
        Progress progress = new Progress(System.err, common.quiet);
        boolean[] warned = new boolean[1];
        try (IdSpool ids = LmData.spool(records, loaded.codec(), input.textField, rec -> {
            if (!warned[0] && rec.has("sample") && !input.textField.equals("sample")) {
                warned[0] = true;
                // sample keeps the prompt in "text": scoring it silently would measure the wrong thing
                System.err.println("recur eval perplexity: " + rec.where() + ": the records have a \"sample\" field (from recur"
                        + " sample); scoring \"" + input.textField + "\", not the samples: add --text-field sample to score them");
            }
        })) {
            InputOptions.reportSkipped(records, progress, "eval perplexity");
            r = LmEvaluator.evaluate(loaded.model(), ids, evalBatch, bptt);
        }
        if (r.count() == 0) {
            throw new recur.io.BadInputException(null, "no tokens to predict: the input is empty");
        }
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("tokens", r.count());
        o.put("loss", r.meanLoss());
        o.put("perplexity", r.perplexity());
        o.put(loaded.codec().charLevel() ? "bits_per_char" : "bits_per_token", r.bits());
        try (JsonlWriter out = new JsonlWriter(System.out, true)) {
            out.write(o);
        }
        return ExitCodes.OK;
    }
}
