package recur.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Option;
import recur.decode.Sampling;
import recur.decode.Seeds;
import recur.io.BadInputException;
import recur.io.Record;

/**
 * How tokens are drawn ({@code --temperature --top-k --top-p}), how many samples a record gets
 * ({@code -n}) and where a record's random stream comes from ({@code --seed-field}): one set of
 * options for every command that samples (sample, translate --sample).
 */
public final class SamplingOptions {
    @Option(names = "--temperature", converter = Ranges.NonNegativeReal.class, paramLabel = "T", defaultValue = "1.0",
            description = "Divide the logits by T (below 1: more conservative; 0: greedy). Default: ${DEFAULT-VALUE}.")
    public double temperature;

    @Option(names = "--top-k", converter = Ranges.NonNegative.class, paramLabel = "K", defaultValue = "0",
            description = "Draw from the K most likely tokens only (0: all). Default: ${DEFAULT-VALUE}.")
    public int topK;

    @Option(names = "--top-p", converter = Ranges.PositiveProbability.class, paramLabel = "P", defaultValue = "1.0",
            description = "Draw from the smallest set of tokens whose probability reaches P. Default: ${DEFAULT-VALUE}.")
    public double topP;

    @Option(names = "-n", converter = Ranges.Positive.class, paramLabel = "N", defaultValue = "1",
            description = "Samples per record. Default: ${DEFAULT-VALUE}.")
    public int samples;

    @Option(names = "--seed-field", paramLabel = "NAME",
            description = "Seed each record from the value of this field (e.g. an id) instead of its position in the input:"
                    + " use it when the input is split over several runs.")
    public String seedField;

    /** The draw the options describe. */
    public Sampling sampling() {
        return new Sampling(temperature, topK, topP);
    }

    /**
     * A record's seed key: its position in the input, or, given a seed field, that field's value
     * (a string as it is, any other JSON value as JSON), so a split input seeds as the whole one.
     */
    public static long seedKey(Record r, String seedField, long position) {
        if (seedField == null) {
            return position;
        }
        JsonNode v = r.node().get(seedField);
        if (v == null || v.isNull()) {
            throw new BadInputException(r.where(), "field \"" + seedField + "\" (--seed-field) is missing");
        }
        return Seeds.ofText(v.isTextual() ? v.asText() : v.toString());
    }
}
