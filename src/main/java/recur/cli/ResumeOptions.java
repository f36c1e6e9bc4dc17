package recur.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import recur.io.Json;

/**
 * {@code --resume CKPT} needs nothing but the checkpoint: a training command stores the options it
 * was given (by longest name, as typed; the input files under "") in its checkpoints, and a
 * resumed run takes every option it is not given from there. Options that do not change what is
 * trained may be given anew ({@link #MAY_CHANGE}: more epochs, another time limit, another
 * output); any other option given must equal the checkpoint's, or the resume is refused (exit 2),
 * naming the option and both values. Input files given replace the stored ones (the checkpoint's
 * data digest decides whether they are the same data).
 */
public final class ResumeOptions {
    /** Options a resumed run may change. */
    public static final Set<String> MAY_CHANGE = Set.of("--epochs", "--max-time", "--threads", "--output", "--checkpoint",
            "--checkpoint-every", "--keep-checkpoint", "--quiet", "--debug");

    /** Options never stored: they belong to one invocation. */
    private static final Set<String> NOT_STORED = Set.of("--resume", "--quiet", "--debug", "--help", "--version");

    private static final String FILES = "";

    private ResumeOptions() {}

    /** The options and files given on this command line, to store in checkpoints. */
    public static ObjectNode given(CommandSpec spec) {
        CommandLine.ParseResult pr = spec.commandLine().getParseResult();
        ObjectNode o = Json.MAPPER.createObjectNode();
        for (OptionSpec opt : pr.matchedOptions()) {
            String name = opt.longestName();
            if (NOT_STORED.contains(name)) {
                continue;
            }
            ArrayNode values = o.putArray(name);
            if (!opt.typeInfo().isBoolean()) {
                opt.originalStringValues().forEach(values::add);
            }
        }
        List<String> files = new ArrayList<>();
        for (PositionalParamSpec p : pr.matchedPositionals()) {
            files.addAll(p.originalStringValues());
        }
        if (!files.isEmpty()) {
            ArrayNode f = o.putArray(FILES);
            files.forEach(f::add);
        }
        return o;
    }

    /**
     * Checks the options given now against the stored ones and returns the arguments of the
     * resumed run: the stored options, overridden by those given now.
     *
     * @param fresh a new instance of the command, to read the stored options' values with
     * @throws IllegalArgumentException when an option that may not change differs
     */
    public static List<String> merge(CommandSpec spec, JsonNode stored, Supplier<Object> fresh) {
        ObjectNode now = given(spec);
        CommandSpec before = new CommandLine(fresh.get()).getCommandSpec();
        before.commandLine().parseArgs(args(stored).toArray(new String[0]));
        for (Iterator<String> it = now.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (name.equals(FILES) || MAY_CHANGE.contains(name)) {
                continue;
            }
            Object value = spec.findOption(name).getValue();
            Object was = before.findOption(name).getValue();
            if (!Objects.equals(value, was)) {
                throw new IllegalArgumentException("--resume: " + name + " " + shown(now.get(name), value)
                        + " differs from the checkpoint's " + shown(stored.get(name), was)
                        + "; a resumed run keeps its options (only " + String.join(", ", MAY_CHANGE.stream().sorted().toList())
                        + " may change)");
            }
        }
        ObjectNode merged = ((ObjectNode) stored).deepCopy();
        for (Iterator<Map.Entry<String, JsonNode>> it = now.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            merged.set(e.getKey(), e.getValue());
        }
        return args(merged);
    }

    private static String shown(JsonNode typed, Object value) {
        if (typed != null && typed.size() > 0) {
            List<String> s = new ArrayList<>();
            typed.forEach(v -> s.add(v.asText()));
            return String.join(" ", s);
        }
        return typed != null ? "(given)" : String.valueOf(value) + " (the default)";
    }

    /**
     * Parses the command again with the options its checkpoint stored, those given now taking
     * their place (after {@link #merge} has checked them): what a resumed run does first.
     *
     * @param checkpoint the checkpoint's training state (recur.json's "checkpoint")
     * @param fresh a new instance of the command, as for {@link #merge}
     */
    public static void reparse(CommandSpec spec, Path resume, JsonNode checkpoint, Supplier<Object> fresh) {
        JsonNode stored = checkpoint.path("run").path("options");
        if (stored.isObject()) {
            List<String> args = new ArrayList<>(List.of("--resume", resume.toString()));
            args.addAll(merge(spec, stored, fresh));
            new CommandLine(spec.userObject()).parseArgs(args.toArray(new String[0]));
        }
    }

    /** The stored options as command-line arguments. */
    static List<String> args(JsonNode stored) {
        List<String> args = new ArrayList<>();
        List<String> files = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = stored.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals(FILES)) {
                e.getValue().forEach(v -> files.add(v.asText()));
            } else if (e.getValue().isEmpty()) {
                args.add(e.getKey());
            } else {
                e.getValue().forEach(v -> {
                    args.add(e.getKey());
                    args.add(v.asText());
                });
            }
        }
        if (!files.isEmpty()) {
            args.add("--");
            args.addAll(files);
        }
        return args;
    }
}
