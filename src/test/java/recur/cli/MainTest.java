package recur.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MainTest {
    @Test
    void versionPrintsRecurAndJava() {
        Cli.Result r = Cli.run(null, "--version");
        assertEquals(0, r.code());
        assertTrue(r.out().startsWith("recur "), r.out());
    }

    @Test
    void unknownOptionIsUsageErrorWithPointerToHelp() {
        Cli.Result r = Cli.run(null, "--no-such-option");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("Try 'recur --help'"), r.err());
    }

    @Test
    void helpListsExitCodes() {
        Cli.Result r = Cli.run(null, "--help");
        assertEquals(0, r.code());
        assertTrue(r.out().contains("130"), r.out());
    }

    @Test
    void theVersionPrintedWithoutPicocliIsWhatPicocliPrints() {
        java.io.ByteArrayOutputStream picocli = new java.io.ByteArrayOutputStream();
        Main.commandLine().printVersionHelp(new java.io.PrintStream(picocli, true, java.nio.charset.StandardCharsets.UTF_8));
        java.io.PrintStream out = System.out;
        java.io.ByteArrayOutputStream direct = new java.io.ByteArrayOutputStream();
        try {
            System.setOut(new java.io.PrintStream(direct, true, java.nio.charset.StandardCharsets.UTF_8));
            assertEquals(ExitCodes.OK, Main.printVersion());
        } finally {
            System.setOut(out);
        }
        assertTrue(direct.toString(java.nio.charset.StandardCharsets.UTF_8).startsWith("recur "));
        assertEquals(picocli.toString(java.nio.charset.StandardCharsets.UTF_8), direct.toString(java.nio.charset.StandardCharsets.UTF_8));
    }
}
