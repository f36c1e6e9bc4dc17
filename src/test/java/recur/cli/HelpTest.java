package recur.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** recur help reaches nested commands; examples print as written and name files that exist. */
class HelpTest {
    @Test
    void helpNamesANestedCommand() {
        Cli.Result r = Cli.run(null, "help", "tokenize", "learn");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("Usage: recur tokenize learn "), r.out());
        Cli.Result bad = Cli.run(null, "help", "tokenize", "nope");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("the commands of recur tokenize are: learn, vocab"), bad.err());
    }

    /** Every footer line appears whole in --help: no example is wrapped at the help's width. */
    @Test
    void examplesAreNotWrapped() {
        check(Main.commandLine());
    }

    private static void check(CommandLine cl) {
        String help = cl.getUsageMessage();
        for (String line : cl.getCommandSpec().usageMessage().footer()) {
            assertTrue(help.contains(String.format(line)), cl.getCommandSpec().qualifiedName() + ": " + line);
        }
        cl.getSubcommands().values().forEach(HelpTest::check);
    }

    /** bash completion offers option values from their labels and file names where files go. */
    @Test
    void completionOffersValuesAndFileNames() throws Exception {
        String script = "source bin/recur-completion.bash 2>/dev/null\n"
                + "c() { COMP_WORDS=(\"$@\"); COMP_CWORD=$(($# - 1)); COMPREPLY=(); _complete_recur 2>/dev/null; echo \"${COMPREPLY[*]}\"; }\n"
                + "c recur tokenize learn --kind ''\n"
                + "c recur train-lm --cell g\n"
                + "c recur train-lm --valid testdata/shakespeare/va\n"
                + "c recur tokenize -m testdata/shakespeare/tr\n"
                + "c recur sample testdata/shakespeare/RE\n";
        Process p = new ProcessBuilder("bash", "-c", script).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        assertEquals("char word bpe\ngru\ntestdata/shakespeare/valid.txt\ntestdata/shakespeare/train.txt\n"
                + "testdata/shakespeare/README.md\n", out);
    }

    /** A testdata/ path named in any example exists. */
    @Test
    void examplesNameFilesThatExist() {
        Pattern p = Pattern.compile("testdata/[\\w./-]+");
        checkFiles(Main.commandLine(), p);
    }

    private static void checkFiles(CommandLine cl, Pattern p) {
        for (String line : cl.getCommandSpec().usageMessage().footer()) {
            Matcher m = p.matcher(line);
            while (m.find()) {
                assertTrue(Files.exists(Path.of(m.group())), cl.getCommandSpec().qualifiedName() + ": " + m.group());
            }
        }
        cl.getSubcommands().values().forEach(c -> checkFiles(c, p));
    }
}
