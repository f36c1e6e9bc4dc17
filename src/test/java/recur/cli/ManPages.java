package recur.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Renders a troff man page for {@code recur} and every subcommand straight from the picocli
 * model, and the bash completion script. picocli-codegen emits AsciiDoc, which needs Ruby's
 * asciidoctor to become troff; rendering troff here keeps regeneration to a JDK and Maven.
 * Run by {@code bin/gen-man}; {@code ManPagesTest} fails when a committed page is missing or stale.
 */
public final class ManPages {
    private ManPages() {}

    public static void main(String[] args) throws IOException {
        Path root = Path.of(args.length > 0 ? args[0] : ".");
        Path man = root.resolve("man");
        Files.createDirectories(man);
        for (Map.Entry<String, String> e : render().entrySet()) {
            Files.writeString(man.resolve(e.getKey()), e.getValue(), StandardCharsets.UTF_8);
        }
        Files.writeString(root.resolve("bin/recur-completion.bash"), completion(), StandardCharsets.UTF_8);
    }

    /** File name → page, for the top command and every subcommand (help excluded). */
    public static Map<String, String> render() {
        Map<String, String> pages = new LinkedHashMap<>();
        walk(Main.commandLine(), pages);
        return pages;
    }

    public static String completion() {
        CommandLine cl = Main.commandLine();
        completable(cl);
        // picocli names a bash array after the option's values joined, so values that start with a
        // digit (eval bleu's --tokenize 13a|none|...) make a name bash rejects: prefix those names
        return AutoComplete.bash("recur", cl).replaceAll("(?<!\\w)(\\d\\w*_option_args)", "v$1");
    }

    /** Labels of arguments that name files: completion offers file names for them. */
    private static final java.util.Set<String> FILE_LABELS = java.util.Set.of("FILE", "MODEL", "TOK", "LM", "EMB", "CKPT", "SVG");

    /**
     * Tells picocli's completion what the options' labels already say: an argument labelled
     * FILE, MODEL, TOK, LM, EMB, CKPT or SVG (positionals, -m, -o, --valid, --resume, ...)
     * takes a file name, and one labelled {@code a|b|c} (--cell, --kind, --format, ...) one of
     * those words. The model is rebuilt for completion only; it never parses a command line.
     */
    private static void completable(CommandLine cl) {
        CommandSpec spec = cl.getCommandSpec();
        for (OptionSpec o : new ArrayList<>(spec.options())) {
            List<String> words = words(o.paramLabel());
            if (isFile(o.paramLabel()) || words != null) {
                OptionSpec.Builder b = OptionSpec.builder(o);
                if (words != null) {
                    b.completionCandidates(words);
                } else {
                    b.typeInfo(pathInfo(o.typeInfo()));
                }
                spec.remove(o);
                spec.addOption(b.build());
            }
        }
        for (PositionalParamSpec p : new ArrayList<>(spec.positionalParameters())) {
            if (isFile(p.paramLabel())) {
                spec.remove(p);
                spec.addPositional(PositionalParamSpec.builder(p).typeInfo(pathInfo(p.typeInfo())).build());
            }
        }
        cl.getSubcommands().values().forEach(ManPages::completable);
    }

    /**
     * The type of {@code original} as if it were declared Path (or a list of Path): picocli's
     * completion offers file names for those. A proxy, because picocli builds type
     * descriptions only from declared fields.
     */
    private static CommandLine.Model.ITypeInfo pathInfo(CommandLine.Model.ITypeInfo original) {
        boolean many = original.isMultiValue();
        return (CommandLine.Model.ITypeInfo) java.lang.reflect.Proxy.newProxyInstance(ManPages.class.getClassLoader(),
                new Class<?>[] {CommandLine.Model.ITypeInfo.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getType" -> many ? original.getType() : Path.class;
                    case "getAuxiliaryTypes" -> new Class<?>[] {Path.class};
                    case "getClassName" -> many ? original.getClassName() : Path.class.getName();
                    case "getClassSimpleName" -> many ? original.getClassSimpleName() : "Path";
                    default -> method.invoke(original, args);
                });
    }

    private static boolean isFile(String label) {
        return FILE_LABELS.contains(label);
    }

    /** The words of a label such as {@code rnn|lstm|gru}, or null. */
    private static List<String> words(String label) {
        return label.matches("[a-z0-9_-]+(\\|[a-z0-9_-]+)+") ? List.of(label.split("\\|")) : null;
    }

    private static void walk(CommandLine cl, Map<String, String> pages) {
        CommandSpec spec = cl.getCommandSpec();
        if (spec.userObject() instanceof HelpCommand) {
            return;
        }
        String name = spec.qualifiedName("-");
        pages.put(name + ".1", page(cl));
        for (CommandLine sub : cl.getSubcommands().values()) {
            if (!sub.getCommandSpec().name().equals(sub.getCommandName())) {
                continue; // an alias
            }
            walk(sub, pages);
        }
    }

    static String page(CommandLine cl) {
        CommandSpec spec = cl.getCommandSpec();
        String name = spec.qualifiedName("-");
        StringBuilder s = new StringBuilder();
        s.append(".TH ").append(esc(name.toUpperCase())).append(" 1 \"\" \"recur\" \"recur manual\"\n");
        s.append(".SH NAME\n").append(esc(name)).append(" \\- ").append(esc(String.join(" ", spec.usageMessage().header()))).append('\n');
        s.append(".SH SYNOPSIS\n.nf\n");
        String synopsis = cl.getHelp().synopsis(0).stripTrailing();
        s.append(escLines(synopsis.replace("Usage: ", ""))).append("\n.fi\n");
        String[] description = spec.usageMessage().description();
        if (description.length > 0) {
            s.append(".SH DESCRIPTION\n");
            for (String d : description) {
                s.append(paragraph(d));
            }
        }
        List<PositionalParamSpec> positionals = spec.positionalParameters();
        List<OptionSpec> options = new ArrayList<>(spec.options());
        if (!positionals.isEmpty() || !options.isEmpty()) {
            s.append(".SH OPTIONS\n");
            for (PositionalParamSpec p : positionals) {
                s.append(".TP\n\\fI").append(esc(p.paramLabel())).append("\\fR\n");
                s.append(esc(describe(p.description(), p.defaultValueString()))).append('\n');
            }
            for (OptionSpec o : options) {
                if (o.hidden()) {
                    continue;
                }
                s.append(".TP\n");
                List<String> names = new ArrayList<>();
                for (String n : o.names()) {
                    names.add("\\fB" + esc(n) + "\\fR");
                }
                s.append(String.join(", ", names));
                if (o.arity().max() > 0) {
                    s.append("=\\fI").append(esc(o.paramLabel())).append("\\fR");
                }
                s.append('\n').append(esc(describe(o.description(), o.defaultValueString()))).append('\n');
            }
        }
        if (!cl.getSubcommands().isEmpty()) {
            s.append(".SH COMMANDS\n");
            for (CommandLine sub : cl.getSubcommands().values()) {
                CommandSpec ss = sub.getCommandSpec();
                if (ss.userObject() instanceof HelpCommand || !ss.name().equals(sub.getCommandName())) {
                    continue;
                }
                s.append(".TP\n\\fB").append(esc(ss.name())).append("\\fR\n")
                        .append(esc(String.join(" ", ss.usageMessage().header()))).append(" See \\fB")
                        .append(esc(ss.qualifiedName("-"))).append("\\fR(1).\n");
            }
        }
        Map<String, String> exits = spec.usageMessage().exitCodeList();
        if (exits.isEmpty()) {
            exits = Main.commandLine().getCommandSpec().usageMessage().exitCodeList();
        }
        s.append(".SH EXIT STATUS\n");
        for (Map.Entry<String, String> e : exits.entrySet()) {
            s.append(".TP\n").append(esc(e.getKey().strip())).append('\n').append(esc(e.getValue().strip())).append('\n');
        }
        String[] footer = spec.usageMessage().footer();
        if (footer.length > 0) {
            s.append(".SH EXAMPLES\n.nf\n");
            for (String f : footer) {
                s.append(escLines(f.replace("%n", "\n").strip())).append('\n');
            }
            s.append(".fi\n");
        }
        s.append(".SH SEE ALSO\n");
        s.append(spec.parent() == null ? "The README of the recur repository.\n" : "\\fBrecur\\fR(1)\n");
        return s.toString();
    }

    /** One paragraph of a description, ${DEFAULT-VALUE} replaced as picocli does in --help (a command's default-value provider first). */
    private static String describe(String[] lines, String defaultValue) {
        String d = String.join(" ", lines).replace("%n", " ");
        return d.replace("${DEFAULT-VALUE}", String.valueOf(defaultValue));
    }

    private static String paragraph(String text) {
        StringBuilder s = new StringBuilder(".PP\n");
        for (String line : text.replace("%n", "\n").split("\n")) {
            s.append(esc(line.strip())).append('\n');
        }
        return s.toString();
    }

    private static String escLines(String text) {
        StringBuilder s = new StringBuilder();
        for (String line : text.split("\n")) {
            if (s.length() > 0) {
                s.append('\n');
            }
            s.append(esc(line));
        }
        return s.toString();
    }

    /** Escapes troff: backslashes, hyphens as minus, and a leading dot or quote. */
    static String esc(String text) {
        String t = text.replace("\\", "\\e").replace("-", "\\-");
        if (t.startsWith(".") || t.startsWith("'")) {
            t = "\\&" + t;
        }
        return t;
    }
}
