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
}
