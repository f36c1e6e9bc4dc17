package recur.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import recur.io.BadInputException;
import recur.io.Inputs;
import recur.io.Record;
import recur.io.RecordReader;
import recur.text.Normalization;
import recur.text.ParallelCounter;
import recur.text.Specials;
import recur.text.Tokenizer;
import recur.text.TokenizerLearner;
import recur.text.Utf8;
import recur.text.WordSplit;

/** {@code recur tokenize learn}: counts a corpus once and writes a tokenizer model. */
@Command(name = "learn",
        header = "Learn a char, word or byte-level BPE tokenizer from a corpus.",
        description = {
            "Reads plain text (one record a line) or JSON Lines (field 'text', see --text-field) once, from the files"
                    + " named or standard input, counting distinct units: pre-tokens for bpe, characters for char, words"
                    + " for word. Memory grows with the number of distinct units, not with the corpus.",
            "bpe is byte-level: every byte is a token, so any text encodes and decodes exactly; merges are learned"
                    + " until the vocabulary has --vocab tokens (specials and the 256 bytes included). Text is first"
                    + " cut into pre-tokens that merges never cross: a run of letters of one script, of digits, or of"
                    + " other symbols, each with the one space before it.",
            "Ids 0-3 are <pad> <unk> <bos> <eos>, then --special tokens; these are never split.",
            "The same data and options give a byte-identical model file. Writes the model atomically to -o."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  recur tokenize learn --kind bpe --vocab 8000 -o tok.model corpus.txt.gz",
            "  recur tokenize learn --kind word --split whitespace -o ptb.model ptb.train.txt",
            "  zcat c.jsonl.gz | recur tokenize learn --kind char --text-field body -o c.model"},
        mixinStandardHelpOptions = true)
public final class TokenizeLearnCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Mixin
    InputOptions input;

    @Option(names = "--kind", paramLabel = "char|word|bpe", defaultValue = "bpe", description = "Kind of tokenizer. Default: ${DEFAULT-VALUE}.")
    String kind;

    @Option(names = "--vocab", converter = Ranges.NonNegative.class, paramLabel = "N", defaultValue = "8000",
            description = "Vocabulary size, specials included; 0 keeps every unit seen (char and word)."
                    + " Default: ${DEFAULT-VALUE} for bpe, 0 for char and word.")
    int vocab;

    @Option(names = {"-o", "--output"}, paramLabel = "TOK", required = true, description = "Model file to write.")
    Path output;

    @Option(names = "--special", paramLabel = "TOKEN", split = ",", converter = UserSpecial.class,
            description = "User-defined special tokens (repeat or separate with commas), never split; not one of the"
                    + " built-in <pad> <unk> <bos> <eos>, which every tokenizer has.")
    List<String> specials = new ArrayList<>();

    @Option(names = "--nfkc", description = "Normalise text to Unicode NFKC before learning and encoding.")
    boolean nfkc;

    @Option(names = "--lowercase", description = "Lowercase text before learning and encoding.")
    boolean lowercase;

    @Option(names = "--min-frequency", converter = Ranges.PositiveLong.class, paramLabel = "N", defaultValue = "1",
            description = "Units seen fewer times are left out (bpe: such pre-tokens do not take part in learning merges). Default: ${DEFAULT-VALUE}.")
    long minFrequency;

    @Option(names = "--coverage", converter = Ranges.PositiveProbability.class, paramLabel = "F", defaultValue = "1.0",
            description = "Fraction of character occurrences to cover; rarer characters become <unk> (char) or"
                    + " keep their pre-tokens out of merge learning (bpe). Default: ${DEFAULT-VALUE}.")
    double coverage;

    @Option(names = "--bytes", description = "char: one token per UTF-8 byte instead of per code point (lossless).")
    boolean bytes;

    @Option(names = "--split", paramLabel = "unicode|whitespace", defaultValue = "unicode",
            description = "word: split into words and punctuation, or at whitespace only (pre-tokenized corpora). Default: ${DEFAULT-VALUE}.")
    String split;

    @Option(names = "--max-piece-bytes", converter = Ranges.AtLeastTwo.class, paramLabel = "N", defaultValue = "1024",
            description = "bpe: pre-tokens longer than this take no part in learning (they still encode). Default: ${DEFAULT-VALUE}.")
    int maxPieceBytes;

    @Mixin
    ThreadsOption threads;

    /** A --special token: not empty and not one of the built-ins, which already have ids 0 to 3. */
    static final class UserSpecial implements CommandLine.ITypeConverter<String> {
        @Override
        public String convert(String s) {
            if (s.isEmpty()) {
                throw new CommandLine.TypeConversionException("a special token cannot be empty");
            }
            if (Specials.BUILT_IN.contains(s)) {
                throw new CommandLine.TypeConversionException(s + " is built in (" + String.join(" ", Specials.BUILT_IN)
                        + " have ids 0 to 3 in every tokenizer); give tokens of your own");
            }
            return s;
        }
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        OutputOption.checkNotInput(output, input.files);
        WordSplit ws = switch (split.toLowerCase(Locale.ROOT)) {
            case "unicode" -> WordSplit.UNICODE;
            case "whitespace" -> WordSplit.WHITESPACE;
            default -> throw new IllegalArgumentException("--split must be unicode or whitespace, got " + split);
        };
        int v = vocab;
        if (!kind.equals("bpe") && spec.commandLine().getParseResult().matchedOption("--vocab") == null) {
            v = 0;
        }
        TokenizerLearner.Config config = new TokenizerLearner.Config(kind, v, new Normalization(nfkc, lowercase),
                specials, minFrequency, coverage, bytes, ws, maxPieceBytes);
        ParallelCounter counter = new ParallelCounter(config, threads.threads);
        long seen = 0;
        long seenChars = 0;
        Progress progress = new Progress(System.err, common.quiet, "tokenize learn");
        // files are identified by the digest of their bytes; standard input only by the text read from it
        MessageDigest textDigest = sha256();
        // (pipes and process substitutions cannot be read twice, so they count as standard input)
        boolean digestText = Inputs.namesOrStdin(input.files).stream()
                .anyMatch(n -> Inputs.STDIN.equals(n) || !Files.isRegularFile(Path.of(n)));
        // the digests of the input files are computed beside the counting, on a thread of their own
        Map<String, CompletableFuture<String>> digests = new LinkedHashMap<>();
        ExecutorService digester = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "recur-digest");
            t.setDaemon(true);
            return t;
        });
        for (String name : Inputs.namesOrStdin(input.files)) {
            if (!Inputs.STDIN.equals(name) && Files.isRegularFile(Path.of(name))) {
                digests.put(name, CompletableFuture.supplyAsync(() -> fileSha256(name), digester));
            }
        }
        digester.shutdown();
        long start = System.nanoTime();
        long skipped = 0;
        String firstSkipped = null;
        Runnable counted = () -> {
            if ((counter.texts() & 4095) == 0) {
                progress.update(String.format("counting: %,d records, %.1f MB/s", counter.texts(),
                        counter.amount() / 1e6 / ((System.nanoTime() - start) / 1e9)));
            }
        };
        // plain-text lines are counted from their bytes, with no String or Record made for them
        RecordReader.TextLines lines = (b, n) -> {
            if (digestText) {
                textDigest.update(b, 0, n);
                textDigest.update((byte) '\n');
            }
            try {
                counter.add(b, n);
            } catch (InterruptedException e) {
                throw new Interrupted(e);
            }
            counted.run();
        };
        try (RecordReader reader = input.reader()) {
            while (reader.hasNext(lines)) {
                Record r = reader.next();
                String text;
                try {
                    text = r.text(input.textField);
                    int bad = Utf8.loneSurrogate(text);
                    if (bad >= 0) {
                        throw new BadInputException(r.where(), String.format("field \"%s\" holds a lone surrogate \\u%04x at char %d"
                                + " (not valid Unicode; check the JSON escapes)", input.textField, (int) text.charAt(bad), bad));
                    }
                } catch (BadInputException e) {
                    if (!input.skipBad) {
                        throw e;
                    }
                    skipped++;
                    if (firstSkipped == null) {
                        firstSkipped = e.getMessage();
                    }
                    continue;
                }
                if (digestText) {
                    textDigest.update(text.getBytes(StandardCharsets.UTF_8));
                    textDigest.update((byte) '\n');
                }
                counter.add(text);
                counted.run();
            }
            skipped += reader.skipped();
            if (firstSkipped == null) {
                firstSkipped = reader.firstSkipped();
            }
        } catch (Interrupted e) {
            counter.abandon();
            throw e.cause;
        } catch (RuntimeException | Error e) {
            counter.abandon();
            throw e;
        }
        TokenizerLearner learner = counter.finish();
        double countSeconds = (System.nanoTime() - start) / 1e9;
        Tokenizer tok = learner.finish(m -> progress.update(String.format("merges: %,d", m)));
        TokenizerLearner.Stats st = learner.stats();
        Provenance provenance = Provenance.of(spec);
        for (String name : Inputs.namesOrStdin(input.files)) {
            var d = digests.get(name);
            provenance.input(name, d == null ? null : d.join(), d == null ? null : Files.size(Path.of(name)));
        }
        ObjectNode prov = provenance.json();
        if (digestText) {
            prov.put("text_sha256", HexFormat.of().formatHex(textDigest.digest()));
        }
        prov.put("records", st.texts());
        prov.put("chars", st.chars());
        prov.put("distinct_units", st.distinct());
        prov.put("units_used", st.usedForLearning());
        if (kind.equals("bpe")) {
            prov.put("merges", st.merges());
        }
        if (skipped > 0) {
            prov.put("skipped_records", skipped);
        }
        Tokenizer.save(tok, output, prov);
        progress.done();
        progress.note(String.format("recur tokenize learn: %s tokenizer, %,d tokens, from %,d records (%,d distinct units)"
                        + " in %.1f s (counting %.1f s on %d thread%s) -> %s", kind, tok.vocabSize(), st.texts(), st.distinct(),
                (System.nanoTime() - start) / 1e9, countSeconds, Math.max(1, counter.workers()),
                counter.workers() > 1 ? "s" : "", output));
        if (kind.equals("bpe") && tok.vocabSize() < vocab) {
            progress.note("recur tokenize learn: note: only " + st.merges() + " merges were possible; the vocabulary has "
                    + tok.vocabSize() + " tokens, not " + vocab);
        }
        if (skipped > 0) {
            progress.note("recur tokenize learn: skipped " + skipped + " bad record" + (skipped == 1 ? "" : "s")
                    + "; the first: " + firstSkipped);
        }
        return ExitCodes.OK;
    }

    /** Carries an interruption out of a line callback, which cannot throw it. */
    private static final class Interrupted extends RuntimeException {
        final InterruptedException cause;

        Interrupted(InterruptedException cause) {
            super(cause);
            this.cause = cause;
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String fileSha256(String name) {
        MessageDigest md = sha256();
        try (InputStream in = new DigestInputStream(Files.newInputStream(Path.of(name)), md)) {
            in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(name + ": " + e.getMessage(), e);
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
