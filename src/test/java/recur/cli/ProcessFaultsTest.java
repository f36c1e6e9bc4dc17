package recur.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Faults that only a real process shows: a closed standard input, and System.out over a full disk
 * as Main installs it. Runs recur.cli.Main in a JVM of its own, from the shell.
 */
class ProcessFaultsTest {
    /** Exit code and standard error of {@code recur ARGS} with the shell redirections {@code redirect}. */
    private static String[] recur(String redirect, String... args) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        StringBuilder cmd = new StringBuilder("exec '" + java + "' --add-modules jdk.incubator.vector -cp '"
                + System.getProperty("java.class.path") + "' recur.cli.Main");
        for (String a : args) {
            cmd.append(" '").append(a).append("'");
        }
        cmd.append(' ').append(redirect);
        Process p = new ProcessBuilder("bash", "-c", cmd.toString()).start();
        p.getOutputStream().close();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8)
                .replaceAll("WARNING: Using incubator modules: jdk.incubator.vector\\R", "");
        return new String[] {String.valueOf(p.waitFor()), err};
    }

    @Test
    void aClosedStandardInputIsAUsageErrorNotSomeOtherFile() throws Exception {
        String[] r = recur("<&-", "tokenize", "-m", Fixtures.tok().toString());
        assertEquals("2", r[0], r[1]);
        assertTrue(r[1].startsWith("recur tokenize: standard input is closed"), r[1]);
    }

    @Test
    void aFullDiskIsExit3ForEveryKindOfWriter() throws Exception {
        String corpus = Fixtures.TESTDATA.resolve("tok/corpus.txt").toString();
        String[][] commands = {
            {"tokenize", "-m", Fixtures.tok().toString(), corpus},
            {"tokenize", "vocab", "-m", Fixtures.tok().toString()},
            {"embed", "export", "-m", Fixtures.emb().toString()},
            {"embed", "neighbors", "-m", Fixtures.emb().toString(), corpus},
        };
        for (String[] c : commands) {
            String[] r = recur("> /dev/full", c);
            assertEquals("3", r[0], String.join(" ", c) + ": " + r[1]);
            assertTrue(r[1].contains(": cannot write standard output: No space left on device"), r[1]);
        }
    }
}
