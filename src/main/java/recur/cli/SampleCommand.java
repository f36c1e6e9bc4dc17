package recur.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.function.IntConsumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import recur.decode.Batcher;
import recur.decode.SampleTask;
import recur.decode.Sampling;
import recur.decode.Seeds;
import recur.decode.Tagged;
import recur.io.BadInputException;
import recur.io.Json;
import recur.io.JsonlWriter;
import recur.io.OutputClosedException;
import recur.io.Record;
import recur.io.RecordReader;
import recur.model.LineCodec;
import recur.model.LmFile;

/** recur sample: draws continuations of prompts from a language model. */
@Command(mixinStandardHelpOptions = true, name = "sample",
        header = "Generate text from a language model: temperature, top-k, top-p, seeds, prompts.",
        description = {
            "Continues each prompt: --prompt TEXT, or one per input record (the \"text\" field of JSONL, or each line of"
                    + " plain text). With neither, and standard input a terminal, one empty prompt is used. Writes one JSON"
                    + " record per sample, in input order: the prompt record's fields, plus \"sample\" (the generated"
                    + " text), \"logprob\" (its natural-log probability under the model), \"n_tokens\" (how many tokens"
                    + " were generated), \"stop\" (eos, max_tokens or stop_string) and \"sample_index\" when -n is above 1.",
            "",
            "Records are continued --batch at a time, each step one product over all of them; a record that finishes"
                    + " hands its row to the next at once. Each sample's random stream derives from --seed and the record's"
                    + " position in the input (or, with --seed-field, the value of that field), so a sample does not depend"
                    + " on the records before it, on --batch or on --threads: the same bytes come out. For runs split over"
                    + " processes or machines (GNU parallel --pipe, Spark, Hadoop streaming) give every record an id and use"
                    + " --seed-field id: a record's position in its shard is not its position in the whole input.",
            "",
            "Word and tokenizer models stop at <eos>; character models run to --max-tokens or a --stop string. --stream"
                    + " writes the text as it is generated, as plain text, instead of JSONL (one record at a time).",
            "",
            "Memory: the model and one step's state and logits for --batch rows; a prompt is read a token at a time, so"
                    + " its length does not matter."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  recur sample -m shakespeare.lm --prompt 'ROMEO:' --max-tokens 300 --temperature 0.8",
            "  echo '{\"id\": 1, \"text\": \"the company said\"}' | recur sample -m ptb.lm -n 3 --top-p 0.9",
            "  parallel --pipe --keep-order -N 1000 recur sample -m ptb.lm --seed-field id < prompts.jsonl",
            "  recur sample -m shakespeare.lm --prompt 'JULIET:' --stream --stop $'\\n\\n'"})
public final class SampleCommand implements Callable<Integer> {
    @Mixin
    InputOptions input;

    @Mixin
    ComputeOptions compute;

    @Mixin
    CommonOptions common;

    @Option(names = {"-m", "--model"}, required = true, paramLabel = "LM", description = "A model from train-lm.")
    Path model;

    @Option(names = "--prompt", paramLabel = "TEXT", description = "Prompt to continue (instead of reading records).")
    String prompt;

    @Option(names = "--max-tokens", converter = Ranges.NonNegative.class, paramLabel = "N", defaultValue = "200", description = "Tokens to generate at most. Default: ${DEFAULT-VALUE}.")
    int maxTokens;






    @Mixin
    SamplingOptions draw;

    @Option(names = "--batch", converter = Ranges.Positive.class, paramLabel = "N", defaultValue = "64",
            description = "Records continued together. Default: ${DEFAULT-VALUE}.")
    int batch;

    @Option(names = "--stop", paramLabel = "STRING", description = "End a sample when its text contains STRING (repeatable).")
    List<String> stops = new ArrayList<>();

    @Option(names = "--ignore-eos", description = "Keep generating past <eos> (it is written as a newline).")
    boolean ignoreEos;

    @Option(names = "--stream", description = "Write the text as it is generated (plain text, a blank line between samples).")
    boolean stream;

    @Option(names = "--output-field", paramLabel = "NAME", defaultValue = "sample",
            description = "Field for the generated text. Default: ${DEFAULT-VALUE}.")
    String outputField;

    @Override
    public Integer call() throws IOException {
        compute.apply();
        sampling = draw.sampling();
        LmFile.Loaded loaded = LmFile.load(model);
        LineCodec codec = loaded.codec();
        JsonlWriter out = new JsonlWriter(System.out, true);
        PrintStream raw = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        // streamed text of several records at once would interleave
        Batcher batcher = new Batcher(loaded.model().stepper(), stream ? 1 : batch, false);
        if (prompt != null || (input.files.isEmpty() && System.console() != null)) {
            ObjectNode node = Json.MAPPER.createObjectNode();
            node.put(input.textField, prompt == null ? "" : prompt);
            Record r = new Record(node, "--prompt", 1);
            batcher.run(new Jobs(Collections.singletonList(r).iterator(), null, codec, raw), j -> emit(j, codec, out, raw));
        } else {
            try (RecordReader records = input.reader()) {
                batcher.run(new Jobs(records, records, codec, raw), j -> emit(j, codec, out, raw));
                InputOptions.reportSkipped(records, new Progress(System.err, common.quiet), "sample");
            }
        }
        out.close();
        if (raw.checkError()) {
            throw new OutputClosedException(null);
        }
        return ExitCodes.OK;
    }

    /** Which sample of which record a task draws. */
    private record Origin(Record record, int sampleIndex) {}

    /** The -n samples of each record in turn; a record whose prompt or seed field is bad is rejected (--skip-bad). */
    private final class Jobs implements Iterator<Tagged<Origin, SampleTask>> {
        private final Iterator<Record> records;
        private final RecordReader reader;
        private final LineCodec codec;
        private final PrintStream raw;
        private final boolean stopAtEnd;
        private Record current;
        private int[] promptIds;
        private long seedKey;
        private int next = draw.samples;
        private long index = -1;

        Jobs(Iterator<Record> records, RecordReader reader, LineCodec codec, PrintStream raw) {
            this.records = records;
            this.reader = reader;
            this.codec = codec;
            this.raw = raw;
            this.stopAtEnd = !ignoreEos && !codec.charLevel();
        }

        @Override
        public boolean hasNext() {
            while (next == draw.samples) {
                if (!records.hasNext()) {
                    return false;
                }
                Record r = records.next();
                try {
                    promptIds = codec.encodePrompt(r.text(input.textField));
                    seedKey = SamplingOptions.seedKey(r, draw.seedField, ++index);
                } catch (BadInputException e) {
                    if (reader == null) {
                        throw e;
                    }
                    reader.reject(e);
                    continue;
                }
                current = r;
                next = 0;
            }
            return true;
        }

        @Override
        public Tagged<Origin, SampleTask> next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            int s = next++;
            SplittableRandom rnd = new SplittableRandom(Seeds.mix(compute.seed, seedKey, s));
            IntConsumer printer = stream ? new StreamPrinter(codec, raw) : null;
            SampleTask.StopCheck check = stops.isEmpty() ? null : (ids, n) -> containsStop(codec.decode(Arrays.copyOf(ids, n)));
            SampleTask task = new SampleTask(promptIds, maxTokens, sampling, rnd, codec.endId(), stopAtEnd, check, printer);
            return new Tagged<>(new Origin(current, s), task);
        }
    }

    /** The draw every sample uses, made once the options are checked. */
    private Sampling sampling;


    private void emit(Tagged<Origin, SampleTask> j, LineCodec codec, JsonlWriter out, PrintStream raw) {
        if (stream) {
            raw.print("\n\n");
            return;
        }
        SampleTask sample = j.task();
        String generated = codec.decode(sample.ids());
        ObjectNode node = j.tag().record().node().deepCopy();
        node.put(outputField, stops.isEmpty() ? generated : cutAtStop(generated));
        node.put("logprob", Math.round(sample.logProb() * 1e4) / 1e4);
        node.put("n_tokens", sample.ids().length);
        node.put("stop", sample.stop());
        if (draw.samples > 1) {
            node.put("sample_index", j.tag().sampleIndex());
        }
        out.write(node);
    }

    private boolean containsStop(String text) {
        for (String s : stops) {
            if (text.contains(s)) {
                return true;
            }
        }
        return false;
    }

    /** The text up to (and including) the first stop string. */
    private String cutAtStop(String text) {
        int cut = text.length();
        for (String s : stops) {
            int at = text.indexOf(s);
            if (at >= 0) {
                cut = Math.min(cut, at + s.length());
            }
        }
        return text.substring(0, cut);
    }

    /**
     * Prints generated text as it grows. The whole run is decoded each time and only the new
     * part printed, because a byte-level token may complete a character begun by the one before.
     */
    private static final class StreamPrinter implements IntConsumer {
        private final LineCodec codec;
        private final PrintStream raw;
        private int[] ids = new int[64];
        private int n;
        private int printed;

        StreamPrinter(LineCodec codec, PrintStream raw) {
            this.codec = codec;
            this.raw = raw;
        }

        @Override
        public void accept(int id) {
            if (n == ids.length) {
                ids = Arrays.copyOf(ids, n * 2);
            }
            ids[n++] = id;
            String all = codec.decode(Arrays.copyOf(ids, n));
            if (all.length() > printed) {
                raw.print(all.substring(printed));
                raw.flush();
                printed = all.length();
            }
        }
    }
}
