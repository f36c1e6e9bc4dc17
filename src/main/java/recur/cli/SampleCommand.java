package recur.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.function.IntConsumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import recur.decode.LmGenerator;
import recur.decode.Sampling;
import recur.decode.Seeds;
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
                    + " record per sample: the prompt record's fields, plus \"sample\" (the generated text), \"logprob\""
                    + " (its natural-log probability under the model), \"tokens\" (how many), \"stop\" (eos, max_tokens or"
                    + " stop_string) and \"sample_index\" when -n is above 1.",
            "",
            "Each record's random stream derives from --seed and the record's position, so a sample does not depend on"
                    + " the records before it. Word and tokenizer models stop at <eos>; character models run to --max-tokens"
                    + " or a --stop string. --stream writes the text as it is generated, as plain text, instead of JSONL.",
            "",
            "Memory: the model and one token's activations."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  recur sample -m shakespeare.lm --prompt 'ROMEO:' --max-tokens 300 --temperature 0.8",
            "  echo '{\"id\": 1, \"text\": \"the company said\"}' | recur sample -m ptb.lm -n 3 --top-p 0.9",
            "  recur sample -m shakespeare.lm --prompt 'JULIET:' --stream --stop $'\\n\\n'"})
public final class SampleCommand implements Callable<Integer> {
    @Mixin
    InputOptions input;

    @Mixin
    CommonOptions common;

    @Option(names = {"-m", "--model"}, required = true, paramLabel = "LM", description = "A model from train-lm.")
    Path model;

    @Option(names = "--prompt", paramLabel = "TEXT", description = "Prompt to continue (instead of reading records).")
    String prompt;

    @Option(names = "--max-tokens", paramLabel = "N", defaultValue = "200", description = "Tokens to generate at most. Default: ${DEFAULT-VALUE}.")
    int maxTokens;

    @Option(names = "--temperature", paramLabel = "T", defaultValue = "1.0",
            description = "Divide the logits by T (below 1: more conservative; 0: greedy). Default: ${DEFAULT-VALUE}.")
    double temperature;

    @Option(names = "--top-k", paramLabel = "K", defaultValue = "0", description = "Draw from the K most likely tokens only (0: all). Default: ${DEFAULT-VALUE}.")
    int topK;

    @Option(names = "--top-p", paramLabel = "P", defaultValue = "1.0",
            description = "Draw from the smallest set of tokens whose probability reaches P. Default: ${DEFAULT-VALUE}.")
    double topP;

    @Option(names = "-n", paramLabel = "N", defaultValue = "1", description = "Samples per prompt. Default: ${DEFAULT-VALUE}.")
    int samples;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "Random seed. Default: ${DEFAULT-VALUE}.")
    long seed;

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
        if (maxTokens < 0) {
            throw new IllegalArgumentException("--max-tokens must be ≥ 0, got " + maxTokens);
        }
        if (samples < 1) {
            throw new IllegalArgumentException("-n must be at least 1, got " + samples);
        }
        Sampling sampling = new Sampling(temperature, topK, topP);
        LmFile.Loaded loaded = LmFile.load(model);
        LineCodec codec = loaded.codec();
        boolean stopAtEnd = !ignoreEos && !codec.charLevel();
        LmGenerator generator = new LmGenerator(loaded.model(), sampling, codec.endId(), stopAtEnd);
        JsonlWriter out = new JsonlWriter(System.out, true);
        PrintStream raw = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        long index = 0;
        if (prompt != null || (input.files.isEmpty() && System.console() != null)) {
            ObjectNode node = Json.MAPPER.createObjectNode();
            node.put(input.textField, prompt == null ? "" : prompt);
            emit(new Record(node, "--prompt", 1), 0, codec, generator, out, raw);
        } else {
            try (RecordReader records = input.reader()) {
                while (records.hasNext()) {
                    emit(records.next(), index++, codec, generator, out, raw);
                }
            }
        }
        out.close();
        if (raw.checkError()) {
            throw new OutputClosedException(null);
        }
        return ExitCodes.OK;
    }

    private void emit(Record r, long index, LineCodec codec, LmGenerator generator, JsonlWriter out, PrintStream raw) {
        String text = r.text(input.textField);
        int[] promptIds = codec.encodePrompt(text);
        for (int s = 0; s < samples; s++) {
            SplittableRandom rnd = new SplittableRandom(Seeds.mix(seed, index, s));
            StreamPrinter printer = stream ? new StreamPrinter(codec, raw) : null;
            LmGenerator.Sample sample = generator.generate(promptIds, maxTokens, rnd, printer,
                    stops.isEmpty() ? null : (ids, n) -> containsStop(codec.decode(Arrays.copyOf(ids, n))));
            if (stream) {
                raw.print("\n\n");
                continue;
            }
            String generated = codec.decode(sample.ids());
            ObjectNode node = r.node().deepCopy();
            node.put(outputField, stops.isEmpty() ? generated : cutAtStop(generated));
            node.put("logprob", Math.round(sample.logProb() * 1e4) / 1e4);
            node.put("tokens", sample.ids().length);
            node.put("stop", sample.stop());
            if (samples > 1) {
                node.put("sample_index", s);
            }
            out.write(node);
        }
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
