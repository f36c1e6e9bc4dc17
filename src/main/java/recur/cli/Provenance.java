package recur.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;
import picocli.CommandLine.Model.CommandSpec;
import recur.io.Inputs;
import recur.io.Json;
import recur.io.Version;

/**
 * The one provenance format every model-writing command stores in its model file:
 * <pre>
 *   "command":       "recur train-lm --cell gru -o lm.model train.txt"  (as typed, shell-quoted)
 *   "recur_version": "0.1.0"
 *   "inputs":        [{"name": "train.txt", "sha256": "…", "bytes": 101614}, …]
 * </pre>
 * followed by whatever the command adds (seed, counts, hyperparameters). Every kind of model file
 * (tokenizer, embeddings trained or imported, lm, classifier) keeps it under the key "training" of
 * its recur.json, and {@code recur info} shows it there for every kind. The command line is the
 * recur one, never the JVM's, so the same command writes the same bytes in a pipe and on a
 * terminal. Standard input is named {@code <stdin>}.
 *
 * <p>What may differ between two runs that made the same model: the provenance alone (a
 * different {@code -o}, {@code --threads}, {@code --quiet} or input path is recorded as typed).
 * The weights and the rest of recur.json depend only on the data, the options that shape the
 * model and the seed (and, for Hogwild training in embed, the thread count), so "the same
 * model" is checked by comparing those, not the file's bytes.
 */
public final class Provenance {
    /** What standard input is called in provenance and messages. */
    public static final String STDIN_NAME = "<stdin>";

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

    private final ObjectNode json = Json.MAPPER.createObjectNode();
    private final ArrayNode inputs;

    private Provenance(CommandSpec spec) {
        json.put("command", commandLine(spec));
        json.put("recur_version", Version.get());
        inputs = json.putArray("inputs");
    }

    /** Starts the provenance of the command being run: its command line and recur's version. */
    public static Provenance of(CommandSpec spec) {
        return new Provenance(spec);
    }

    /** Adds an input whose digest is known ({@code sha256} and {@code bytes} may be null when not). */
    public Provenance input(String name, String sha256, Long bytes) {
        return input(name, sha256, bytes, null);
    }

    /** Adds an input with a role other than training data (e.g. "valid"). */
    public Provenance input(String name, String sha256, Long bytes, String role) {
        ObjectNode in = inputs.addObject();
        in.put("name", Inputs.STDIN.equals(name) ? STDIN_NAME : name);
        if (role != null) {
            in.put("role", role);
        }
        if (sha256 != null) {
            in.put("sha256", sha256);
        }
        if (bytes != null) {
            in.put("bytes", bytes);
        }
        return this;
    }

    /**
     * Adds inputs read from {@code files} (regular files: a spooled standard input for {@code -})
     * under their user-facing {@code names}, with their digests.
     */
    public Provenance files(List<String> names, List<String> files, String role) {
        for (int i = 0; i < names.size(); i++) {
            Path f = Path.of(files.get(i));
            try {
                input(names.get(i), sha256(f), Files.size(f), role);
            } catch (IOException e) {
                throw new UncheckedIOException(e.getMessage(), e);
            }
        }
        return this;
    }

    /**
     * Adds inputs named as the user gave them: a regular file with its digest and size, standard
     * input and other streams (pipes, process substitutions, which cannot be read twice) by name only.
     */
    public Provenance named(List<String> names) {
        for (String n : names) {
            Path path = Inputs.STDIN.equals(n) ? null : Path.of(n);
            boolean file = path != null && Files.isRegularFile(path);
            try {
                input(n, file ? sha256(path) : null, file ? Files.size(path) : null);
            } catch (IOException e) {
                throw new UncheckedIOException(e.getMessage(), e);
            }
        }
        return this;
    }

    /** The JSON to store (commands may add their own fields after the shared ones). */
    public ObjectNode json() {
        return json;
    }

    /** "recur" and the arguments as typed, each quoted for a POSIX shell where it needs it. */
    public static String commandLine(CommandSpec spec) {
        StringBuilder sb = new StringBuilder("recur");
        for (String a : spec.commandLine().getParseResult().originalArgs()) {
            sb.append(' ').append(quote(a));
        }
        return sb.toString();
    }

    static String quote(String arg) {
        if (!arg.isEmpty() && PLAIN.matcher(arg).matches()) {
            return arg;
        }
        return "'" + arg.replace("'", "'\\''") + "'";
    }

    /** The SHA-256 of a file's bytes, as hex. */
    public static String sha256(Path file) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buf)) >= 0; ) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
