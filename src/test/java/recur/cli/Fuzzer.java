package recur.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;

/**
 * A seeded fuzzer of the commands: mutates valid JSONL, plain text, gzip files and model files
 * (flipped, inserted, deleted and duplicated bytes, cut files, BOMs, lines glued together), runs a
 * command on each in-process and checks what must hold whatever the input: the exit code is one of
 * 0, 1, 2, 3 (4 is a bug in recur; 130 needs a signal); no stack trace and no Java class name on
 * standard error; every line of a JSONL command's output is one JSON object; no input is changed.
 * {@code bin/fuzz [SEED] [CASES]} runs it; FuzzTest runs a small slice.
 */
public final class Fuzzer {
    private static final Set<Integer> EXITS = Set.of(0, 1, 2, 3);
    private static final String SPECIAL = "{}[]\":,\\ 0eE-.\u0000";

    private Fuzzer() {}

    public static void main(String[] args) throws IOException {
        long seed = args.length > 0 ? Long.parseLong(args[0]) : 1;
        int cases = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        List<String> bad = run(seed, cases);
        for (String b : bad) {
            System.out.println(b);
        }
        System.out.println("recur fuzz: " + cases + " cases from seed " + seed + ", " + bad.size() + " failed");
        System.exit(bad.isEmpty() ? 0 : 1);
    }

    /** Runs {@code cases} cases from {@code seed}; returns a line for each that broke a rule. */
    public static List<String> run(long seed, int cases) throws IOException {
        SplittableRandom rnd = new SplittableRandom(seed);
        Path dir = Files.createTempDirectory("recur-fuzz-");
        byte[] jsonl = jsonl();
        byte[] text = Files.readAllBytes(Fixtures.TESTDATA.resolve("tok/corpus.txt"));
        byte[][] models = {Files.readAllBytes(Fixtures.tok()), Files.readAllBytes(Fixtures.emb()), Files.readAllBytes(Fixtures.lm())};
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < cases; i++) {
            long caseSeed = rnd.nextLong();
            SplittableRandom r = new SplittableRandom(caseSeed);
            Path in = dir.resolve("in-" + i);
            Path model = dir.resolve("m-" + i + ".model");
            int kind = r.nextInt(4);
            String[] args;
            boolean jsonOut = true;
            switch (kind) {
                case 0, 1 -> { // records: JSONL or text, maybe gzipped, through a record command
                    byte[] data = mutate(kind == 0 ? jsonl : text, r);
                    if (r.nextInt(4) == 0) {
                        data = gzip(data, r);
                    }
                    Files.write(in, data);
                    String[][] cmds = {
                        {"tokenize", "-m", Fixtures.tok().toString(), in.toString()},
                        {"embed", "neighbors", "-m", Fixtures.emb().toString(), "-k", "2", in.toString()},
                        {"embed", "vectors", "-m", Fixtures.emb().toString(), in.toString()},
                        {"embed", "analogy", "-m", Fixtures.emb().toString(), in.toString()},
                        {"eval", "similarity", "-m", Fixtures.emb().toString(), in.toString()},
                        {"eval", "analogy", "-m", Fixtures.emb().toString(), in.toString()},
                        {"eval", "perplexity", "-m", Fixtures.lm().toString(), "--bptt", "8", in.toString()},
                        {"sample", "-m", Fixtures.lm().toString(), "--max-tokens", "2", in.toString()},
                    };
                    args = cmds[r.nextInt(cmds.length)];
                    if (r.nextBoolean()) {
                        args = append(args, "--skip-bad");
                    }
                }
                case 2 -> { // a damaged model file of each kind
                    int m = r.nextInt(models.length);
                    Files.write(model, mutateBinary(models[m], r));
                    Files.write(in, "{\"text\":\"the\"}\n".getBytes(StandardCharsets.UTF_8));
                    args = switch (m) {
                        case 0 -> new String[] {"tokenize", "-m", model.toString(), in.toString()};
                        case 1 -> new String[] {"embed", "neighbors", "-m", model.toString(), in.toString()};
                        default -> new String[] {"eval", "perplexity", "-m", model.toString(), "--bptt", "4", in.toString()};
                    };
                }
                default -> { // training inputs, with an output that may be an input
                    Files.write(in, mutate(text, r));
                    String out = r.nextInt(3) == 0 ? in.toString() : dir.resolve("out-" + i + ".model").toString();
                    args = r.nextBoolean()
                            ? new String[] {"tokenize", "learn", "--kind", "char", "-o", out, in.toString()}
                            : new String[] {"embed", "train", "--min-count", "1", "--dim", "4", "--epochs", "1", "-o", out, in.toString()};
                    jsonOut = false;
                }
            }
            byte[] before = Files.readAllBytes(in);
            byte[] modelBefore = Files.exists(model) ? Files.readAllBytes(model) : null;
            Cli.Result res = Cli.run(null, args);
            String what = "case " + i + " (seed " + caseSeed + "): recur " + String.join(" ", args);
            List<String> why = new ArrayList<>();
            if (!EXITS.contains(res.code())) {
                why.add("exit " + res.code());
            }
            if (CommandCasesTest.JAVA_NAME.matcher(res.err()).find()) {
                why.add("a stack trace or Java name on stderr");
            }
            if (jsonOut) {
                for (String line : res.out().split("\n")) {
                    if (!line.isEmpty() && !CommandCasesTest.JSONL_LINE.matcher(line).matches()) {
                        why.add("output line is not one object: " + CommandCasesTest.abbrev(line));
                        break;
                    }
                }
            }
            if (!java.util.Arrays.equals(before, Files.readAllBytes(in))
                    || (modelBefore != null && !java.util.Arrays.equals(modelBefore, Files.readAllBytes(model)))) {
                why.add("an input was changed");
            }
            if (!why.isEmpty()) {
                failures.add(what + ": " + String.join("; ", why) + "\n  stderr: " + CommandCasesTest.abbrev(res.err().strip()));
                // keep the inputs of a failure for a look; delete the rest
            } else {
                Files.deleteIfExists(in);
                Files.deleteIfExists(model);
            }
        }
        return failures;
    }

    private static byte[] jsonl() {
        StringBuilder sb = new StringBuilder();
        String[] words = {"the", "king", "queen", "a b c", "é", "\\u00e9", "ROMEO:"};
        for (int i = 0; i < 12; i++) {
            sb.append("{\"text\":\"").append(words[i % words.length]).append("\",\"id\":").append(i)
                    .append(",\"word\":\"the\",\"a\":\"the\",\"b\":\"king\",\"c\":\"queen\",\"d\":\"the\",\"w1\":\"the\",\"w2\":\"king\",\"score\":")
                    .append(i).append(".5}\n");
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Text-level damage: a few byte edits, a BOM, glued or repeated lines, a cut. */
    static byte[] mutate(byte[] data, SplittableRandom r) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int n = data.length;
        int edits = 1 + r.nextInt(4);
        byte[] d = data.clone();
        List<Integer> newlines = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (d[i] == '\n') {
                newlines.add(i);
            }
        }
        for (int e = 0; e < edits && n > 0; e++) {
            int at = r.nextInt(n);
            switch (r.nextInt(6)) {
                case 0 -> d[at] = (byte) r.nextInt(256);
                case 1 -> d[at] = (byte) SPECIAL.charAt(r.nextInt(SPECIAL.length()));
                case 2 -> { // glue two lines
                    if (!newlines.isEmpty()) {
                        d[newlines.get(r.nextInt(newlines.size()))] = ' ';
                    }
                }
                default -> { }
            }
        }
        if (r.nextInt(8) == 0) {
            out.writeBytes(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        }
        int cut = r.nextInt(6) == 0 ? r.nextInt(n + 1) : n;
        out.write(d, 0, cut);
        if (r.nextInt(6) == 0 && cut > 0) {
            int from = r.nextInt(cut);
            out.write(d, from, cut - from);
        }
        return out.toByteArray();
    }

    /** Binary damage for model files: flipped bytes, a cut, a run of bytes overwritten. */
    static byte[] mutateBinary(byte[] data, SplittableRandom r) {
        byte[] d = data.clone();
        int edits = 1 + r.nextInt(3);
        for (int e = 0; e < edits; e++) {
            int at = r.nextInt(d.length);
            switch (r.nextInt(4)) {
                case 0 -> d[at] ^= (byte) (1 << r.nextInt(8));
                case 1 -> d[at] = (byte) r.nextInt(256);
                case 2 -> {
                    for (int k = at; k < Math.min(d.length, at + 1 + r.nextInt(16)); k++) {
                        d[k] = (byte) 0xff;
                    }
                }
                default -> d = java.util.Arrays.copyOf(d, at);
            }
            if (d.length == 0) {
                break;
            }
        }
        return d;
    }

    private static byte[] gzip(byte[] data, SplittableRandom r) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(b)) {
            z.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] g = b.toByteArray();
        if (r.nextBoolean() && g.length > 12) {
            g = mutateBinary(g, r);
        }
        return g;
    }

    private static String[] append(String[] a, String s) {
        String[] out = java.util.Arrays.copyOf(a, a.length + 1);
        out[a.length] = s;
        return out;
    }
}
