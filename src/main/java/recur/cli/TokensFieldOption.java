package recur.cli;

import picocli.CommandLine.Option;

/**
 * {@code --tokens-field}: where a command that reads words finds them already split (the output
 * of {@code recur tokenize}), so that it uses them instead of splitting the text itself.
 */
public final class TokensFieldOption {
    @Option(names = "--tokens-field", paramLabel = "NAME", defaultValue = "tokens",
            description = "JSONL field with pre-split words, used instead of the text when present. Default: ${DEFAULT-VALUE}.")
    public String field;
}
