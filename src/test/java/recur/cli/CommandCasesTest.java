package recur.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import recur.io.Json;

/**
 * The command cases of testdata/cli/COMMAND/CASE/, run in-process as a user would run them (style.md,
 * as miller does). A case folder holds:
 * <ul>
 * <li>{@code args}: the arguments, one a line; {@code $TMP} (a fresh folder for the case), {@code $TESTDATA},
 *     {@code $TOK}, {@code $EMB}, {@code $LM} (small model files of each kind) are replaced;</li>
 * <li>{@code setup} (optional): steps before the run, one a line: {@code copy FROM TO}, {@code write FILE TEXT}
 *     (with \n and \\uFEFF escapes), {@code flip FILE ENTRY} (one byte in the middle of a zip entry's data),
 *     {@code bomb FILE} (a model whose recur.json inflates far beyond the file), {@code symlink TARGET LINK};</li>
 * <li>{@code stdin} (optional): the bytes of standard input; {@code stdout-to} (optional): a file standard
 *     output goes to instead of being captured, such as /dev/full;</li>
 * <li>{@code exit}: the exit code; {@code stderr}, {@code stdout} (optional): a regular expression each must contain;</li>
 * <li>{@code checks} (optional), one a line: {@code jsonl} (every output line is one JSON object, nothing
 *     around it), {@code unchanged FILE} (the same bytes after the run as before it).</li>
 * </ul>
 * Every case also checks that standard error holds no stack trace and no Java class name (unless --debug).
 */
class CommandCasesTest {
    static final Path CASES = Path.of("testdata/cli");
    static final Pattern JAVA_NAME = Pattern.compile("\\tat |\\b(java|javax|com\\.fasterxml|picocli|org\\.apache)\\.[a-z]+\\.|[A-Z][A-Za-z]+(Exception|Error)\\b");
    static final Pattern JSONL_LINE = Pattern.compile("^\\{.*\\}$");

    @TestFactory
    Stream<DynamicTest> cases() throws IOException {
        List<Path> dirs;
        try (Stream<Path> s = Files.walk(CASES)) {
            dirs = s.filter(d -> Files.isRegularFile(d.resolve("args"))).sorted().toList();
        }
        assertFalse(dirs.isEmpty(), "no cases under " + CASES);
        return dirs.stream().map(d -> DynamicTest.dynamicTest(CASES.relativize(d).toString(), () -> run(d)));
    }

    static void run(Path caseDir) throws Exception {
        Path tmp = Files.createTempDirectory("recur-case-");
        Map<String, String> vars = new HashMap<>();
        vars.put("$TMP", tmp.toString());
        vars.put("$TESTDATA", Fixtures.TESTDATA.toString());
        vars.put("$TOK", Fixtures.tok().toString());
        vars.put("$EMB", Fixtures.emb().toString());
        vars.put("$LM", Fixtures.lm().toString());
        for (String step : lines(caseDir.resolve("setup"), vars)) {
            setup(step);
        }
        Map<Path, String> digests = new HashMap<>();
        List<String> checks = lines(caseDir.resolve("checks"), vars);
        for (String c : checks) {
            if (c.startsWith("unchanged ")) {
                Path f = Path.of(c.substring(10).strip());
                digests.put(f, digest(f));
            }
        }
        List<String> args = lines(caseDir.resolve("args"), vars);
        byte[] stdin = Files.exists(caseDir.resolve("stdin")) ? Files.readAllBytes(caseDir.resolve("stdin")) : new byte[0];
        Cli.Result r;
        List<String> to = lines(caseDir.resolve("stdout-to"), vars);
        if (to.isEmpty()) {
            r = Cli.run(new String(stdin, StandardCharsets.UTF_8), args.toArray(String[]::new));
        } else {
            try (OutputStream out = new FileOutputStream(to.get(0))) {
                r = Cli.runTo(out, stdin, args.toArray(String[]::new));
            }
        }
        String what = caseDir + ": recur " + String.join(" ", args) + "\nstdout: " + abbrev(r.out()) + "\nstderr: " + r.err();
        int exit = Integer.parseInt(Files.readString(caseDir.resolve("exit")).strip());
        assertEquals(exit, r.code(), what);
        for (String stream : List.of("stderr", "stdout")) {
            Path p = caseDir.resolve(stream);
            if (Files.exists(p)) {
                String pattern = subst(Files.readString(p).strip(), vars);
                String text = stream.equals("stderr") ? r.err() : r.out();
                assertTrue(Pattern.compile(pattern).matcher(text).find(), stream + " lacks /" + pattern + "/ in " + what);
            }
        }
        if (!args.contains("--debug")) {
            assertFalse(JAVA_NAME.matcher(r.err()).find(), "a stack trace or Java name on stderr: " + what);
        }
        for (String c : checks) {
            if (c.equals("jsonl")) {
                assertJsonl(r.out(), what);
            } else if (c.startsWith("unchanged ")) {
                Path f = Path.of(c.substring(10).strip());
                assertEquals(digests.get(f), digest(f), f + " changed: " + what);
            } else {
                throw new IllegalArgumentException(caseDir + ": unknown check " + c);
            }
        }
    }

    /** Every line of {@code out} is one JSON object and nothing else. */
    static void assertJsonl(String out, String what) {
        for (String line : out.split("\n", -1)) {
            if (line.isEmpty()) {
                continue;
            }
            assertTrue(JSONL_LINE.matcher(line).matches(), "not one object on a line: [" + abbrev(line) + "] in " + what);
            try {
                assertTrue(Json.MAPPER.readTree(line).isObject(), what);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + abbrev(line) + " in " + what, e);
            }
        }
        assertTrue(out.isEmpty() || out.endsWith("\n"), "output does not end with a newline: " + what);
    }

    static void setup(String step) throws IOException {
        String[] f = step.split(" ", 3);
        switch (f[0]) {
            case "copy" -> Files.copy(Path.of(f[1]), Path.of(f[2]));
            case "write" -> Files.writeString(Path.of(f[1]), unescape(f.length > 2 ? f[2] : ""));
            case "symlink" -> Files.createSymbolicLink(Path.of(f[2]), Path.of(f[1]));
            case "flip" -> flip(Path.of(f[1]), f[2]);
            case "bomb" -> bomb(Path.of(f[1]));
            default -> throw new IllegalArgumentException("unknown setup step " + step);
        }
    }

    /** Inverts one byte in the middle of a zip entry's stored data. */
    static void flip(Path zip, String entry) throws IOException {
        long at;
        try (ZipFile z = ZipFile.builder().setPath(zip).get()) {
            ZipArchiveEntry e = z.getEntry(entry);
            at = e.getDataOffset() + e.getCompressedSize() / 2;
        }
        try (RandomAccessFile f = new RandomAccessFile(zip.toFile(), "rw")) {
            f.seek(at);
            int b = f.read();
            f.seek(at);
            f.write(b ^ 0xff);
        }
    }

    /** A model file of a few kilobytes whose recur.json inflates to 64 MB. */
    static void bomb(Path out) throws IOException {
        try (ZipArchiveOutputStream z = new ZipArchiveOutputStream(out.toFile())) {
            ZipArchiveEntry e = new ZipArchiveEntry("recur.json");
            e.setMethod(ZipArchiveEntry.DEFLATED);
            z.putArchiveEntry(e);
            byte[] spaces = new byte[1 << 20];
            java.util.Arrays.fill(spaces, (byte) ' ');
            for (int i = 0; i < 64; i++) {
                z.write(spaces);
            }
            z.closeArchiveEntry();
        }
    }

    static List<String> lines(Path p, Map<String, String> vars) throws IOException {
        List<String> out = new ArrayList<>();
        if (!Files.exists(p)) {
            return out;
        }
        for (String line : Files.readAllLines(p, StandardCharsets.UTF_8)) {
            if (!line.isEmpty() && !line.startsWith("#")) {
                out.add(subst(line, vars));
            }
        }
        return out;
    }

    static String subst(String s, Map<String, String> vars) {
        for (Map.Entry<String, String> v : vars.entrySet()) {
            s = s.replace(v.getKey(), v.getValue());
        }
        return s;
    }

    static String unescape(String s) {
        return s.replace("\\n", "\n").replace("\\uFEFF", "\uFEFF").replace("\\t", "\t");
    }

    static String digest(Path p) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String abbrev(String s) {
        return s.length() > 400 ? s.substring(0, 400) + "..." : s;
    }
}
