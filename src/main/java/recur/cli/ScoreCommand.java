package recur.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import recur.decode.Batcher;
import recur.decode.ScoreTask;
import recur.decode.Tagged;
import recur.io.BadInputException;
import recur.io.JsonlWriter;
import recur.io.Record;
import recur.io.RecordReader;
import recur.model.LineCodec;
import recur.model.LmFile;
import recur.train.LmData;

/** recur score: the log-probability a language model gives each record. */
@Command(mixinStandardHelpOptions = true, name = "score",
        header = "The log-probability a language model gives each record.",
        description = {
            "Reads records as eval perplexity does (JSONL \"text\", \"tokens\" or \"ids\"; or plain text lines) and writes"
                    + " each back, in input order, with its fields and: \"logprob\" (the natural log of the probability of"
                    + " the record's tokens, the end token included unless --no-eos), \"n_tokens\" (how many tokens that"
                    + " sum covers), \"ppl\" (the record's per-token perplexity, exp(−logprob / n_tokens); null for no"
                    + " tokens) and, with --per-token, \"per_token\": [token, logprob] for each.",
            "",
            "Each record is scored from a fresh state, as after a line end (--context fresh), so the same record"
                    + " always gets the same score; --context carry continues the state from one record to the next, as"
                    + " eval perplexity reads a text. Records are scored --batch at a time, each step one product over all"
                    + " of them; the output has the same bytes for any --batch and --threads.",
            "",
            "Memory: the model, one step's state and logits for --batch rows, and the records finished while an"
                    + " earlier, longer one is still scored."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  echo '{\"text\": \"the company said\"}' | recur score -m ptb.lm",
            "  recur score -m ptb.lm --per-token --no-eos candidates.jsonl",
            "  recur score -m ptb.lm ptb.test.txt | jq -s 'map(.logprob) | add'"})
public final class ScoreCommand implements Callable<Integer> {
    @Mixin
    RecordStream records;

    @Mixin
    ThreadsOption compute;

    @Mixin
    CommonOptions common;

    @Option(names = {"-m", "--model"}, required = true, paramLabel = "LM", description = "A model from train-lm.")
    Path model;

    @Option(names = "--batch", converter = Ranges.Positive.class, paramLabel = "N", defaultValue = "64", description = "Records scored together. Default: ${DEFAULT-VALUE}.")
    int batch;

    @Option(names = "--no-eos", description = "Leave the end token out of each record's score.")
    boolean noEos;

    @Option(names = "--per-token", description = "Add \"per_token\": each token and its log-probability.")
    boolean perToken;

    @Option(names = "--context", paramLabel = "fresh|carry", defaultValue = "fresh",
            description = "fresh: every record starts from a new state; carry: from the state the record before left."
                    + " Default: ${DEFAULT-VALUE}.")
    String context;

    @Override
    public Integer call() {
        compute.apply();
        boolean carry = switch (context) {
            case "fresh" -> false;
            case "carry" -> true;
            default -> throw new IllegalArgumentException("--context must be fresh or carry, got " + context);
        };
        LmFile.Loaded loaded = LmFile.load(model);
        LineCodec codec = loaded.codec();
        Batcher batcher = new Batcher(loaded.model().stepper(), batch, carry);
        Progress progress = new Progress(System.err, common.quiet, "score");
        long started = System.nanoTime();
        long[] done = new long[1];
        try (RecordReader reader = records.in.reader(); JsonlWriter out = new JsonlWriter(System.out, records.unbuffered.unbuffered)) {
            batcher.run(new Jobs(reader, codec, carry), j -> {
                out.write(result(j, codec));
                done[0]++;
                double seconds = (System.nanoTime() - started) / 1e9;
                progress.update(String.format("%,d records, %,.0f records/s", done[0], done[0] / Math.max(seconds, 1e-9)));
            });
            progress.done();
            InputOptions.reportSkipped(reader, progress, "score");
        }
        return ExitCodes.OK;
    }

    /** A scoring task per record; a record that cannot be read as ids is rejected (--skip-bad). */
    private final class Jobs implements Iterator<Tagged<Record, ScoreTask>> {
        private final RecordReader reader;
        private final LineCodec codec;
        private final boolean carry;
        /** The input before the next record's first token: a line end, or with carry the last token scored. */
        private int first;
        private Tagged<Record, ScoreTask> next;

        Jobs(RecordReader reader, LineCodec codec, boolean carry) {
            this.reader = reader;
            this.codec = codec;
            this.carry = carry;
            this.first = codec.endId();
        }

        @Override
        public boolean hasNext() {
            while (next == null && reader.hasNext()) {
                Record r = reader.next();
                int[] ids;
                try {
                    ids = LmData.ids(r, codec, records.in.textField);
                } catch (BadInputException e) {
                    reader.reject(e);
                    continue;
                }
                if (noEos) {
                    ids = Arrays.copyOf(ids, ids.length - 1);
                }
                next = new Tagged<>(r, new ScoreTask(first, ids, perToken));
                if (carry && ids.length > 0) {
                    first = ids[ids.length - 1];
                }
            }
            return next != null;
        }

        @Override
        public Tagged<Record, ScoreTask> next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            Tagged<Record, ScoreTask> j = next;
            next = null;
            return j;
        }
    }

    private ObjectNode result(Tagged<Record, ScoreTask> j, LineCodec codec) {
        ScoreTask t = j.task();
        ObjectNode node = j.tag().node();
        int n = t.targets().length;
        node.put("logprob", t.logProb());
        node.put("n_tokens", n);
        if (n > 0) {
            node.put("ppl", Math.exp(-t.logProb() / n));
        } else {
            node.putNull("ppl");
        }
        if (perToken) {
            ArrayNode list = node.putArray("per_token");
            double[] lp = t.perToken();
            for (int i = 0; i < n; i++) {
                ArrayNode pair = list.addArray();
                pair.add(codec.token(t.targets()[i]));
                pair.add(lp[i]);
            }
        }
        return node;
    }
}
