package recur.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import recur.text.Tokenizer;

/** {@code recur tokenize}: encodes (or with --decode, decodes) records with a tokenizer model; learn and vocab are subcommands. */
@Command(name = "tokenize",
        header = "Turn text into token ids and back with a char, word or byte-level BPE tokenizer.",
        synopsisSubcommandLabel = "[learn | vocab]",
        subcommands = {TokenizeLearnCommand.class, TokenizeVocabCommand.class},
        description = {
            "Without a subcommand: reads JSON Lines (field 'text', see --text-field) or plain text (one record a line)"
                    + " and writes each record with 'ids' and 'tokens' added; every other field passes through."
                    + " With --decode: turns each record's 'ids' (or, when it has none, 'tokens') back into 'text'.",
            "Output is in input order whatever --threads is. Memory is the model plus a few batches of records,"
                    + " whatever the input size.",
            "Bad input: invalid UTF-8 in a plain-text line, a lone surrogate (a JSON escape such as \\ud800 without its"
                    + " pair), a non-string text field, or an id outside the vocabulary stop with exit code 1 and the"
                    + " file:line, or with --skip-bad are counted and left out. NUL and other control characters are"
                    + " ordinary text (bpe encodes their bytes); empty lines give empty token lists; lines of any length"
                    + " work (memory grows with the longest line).",
            "Learn a model first with 'recur tokenize learn'."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  recur tokenize learn --kind bpe --vocab 8000 -o tok.model corpus.txt",
            "  recur tokenize -m tok.model --threads 2 < train.jsonl > train.tok.jsonl",
            "  recur tokenize -m tok.model corpus.txt | recur tokenize -m tok.model --decode | jq -r .text"},
        mixinStandardHelpOptions = true)
public final class TokenizeCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Mixin
    InputOptions input;

    @Spec
    CommandSpec spec;

    // not required=true: picocli would then demand it before the learn and vocab subcommands too
    @Option(names = {"-m", "--model"}, paramLabel = "TOK",
            description = "The tokenizer model (from 'recur tokenize learn'); required to encode or decode.")
    Path model;

    @Option(names = "--decode", description = "Decode 'ids' (or 'tokens') into 'text' instead of encoding.")
    boolean decode;

    @Option(names = "--emit", paramLabel = "FIELD", split = ",", defaultValue = "ids,tokens",
            description = "Which fields encoding adds: ids and/or tokens. Default: ${DEFAULT-VALUE}.")
    List<String> emit;

    @Option(names = "--ids-field", paramLabel = "NAME", defaultValue = "ids", description = "Name of the ids field. Default: ${DEFAULT-VALUE}.")
    String idsField;

    @Option(names = "--tokens-field", paramLabel = "NAME", defaultValue = "tokens", description = "Name of the tokens field. Default: ${DEFAULT-VALUE}.")
    String tokensField;

    @Option(names = "--bos", description = "Start every encoded record with <bos>.")
    boolean bos;

    @Option(names = "--eos", description = "End every encoded record with <eos>.")
    boolean eos;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "1",
            description = "Threads that encode; output order stays the input order. Default: ${DEFAULT-VALUE}.")
    int threads;

    @Option(names = "--unbuffered", description = "Handle and flush each record as it arrives (for interactive pipes).")
    boolean unbuffered;

    @Override
    public Integer call() throws Exception {
        if (model == null) {
            throw new ParameterException(spec.commandLine(), "Missing required option: '--model=TOK'");
        }
        if (threads < 1 || threads > 256) {
            throw new IllegalArgumentException("--threads must be between 1 and 256, got " + threads);
        }
        boolean ids = false;
        boolean tokens = false;
        for (String e : emit) {
            switch (e.trim()) {
                case "ids" -> ids = true;
                case "tokens" -> tokens = true;
                default -> throw new IllegalArgumentException("--emit takes ids and/or tokens, got " + e);
            }
        }
        Tokenizer tok = Tokenizer.load(model);
        TokenizePipeline.Job job = decode
                ? new TokenizePipeline.Decode(tok, input.textField, idsField, tokensField)
                : new TokenizePipeline.Encode(tok, input.textField, ids ? idsField : null, tokens ? tokensField : null, bos, eos);
        Progress progress = new Progress(System.err, common.quiet, "tokenize");
        TokenizePipeline p = new TokenizePipeline(job, threads, input.skipBad, unbuffered, progress);
        p.run(input.reader(), System.out);
        return ExitCodes.OK;
    }
}
