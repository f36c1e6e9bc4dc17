package recur.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Progress lines name their command and, on a terminal, are erased before a record is written. */
class ProgressTest {
    private static String onTerminal(java.util.function.Consumer<Progress> body) {
        String before = System.getProperty("recur.tty");
        System.setProperty("recur.tty", "true");
        try {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            body.accept(new Progress(new PrintStream(err, true, StandardCharsets.UTF_8), false, "train-lm"));
            return err.toString(StandardCharsets.UTF_8);
        } finally {
            if (before == null) {
                System.clearProperty("recur.tty");
            } else {
                System.setProperty("recur.tty", before);
            }
        }
    }

    @Test
    void everyLineStartsWithTheCommandAndClearLeavesTheCursorAtAnEmptyLine() {
        String err = onTerminal(p -> {
            p.update("Progress: 50%", true);
            p.clear();
        });
        assertTrue(err.startsWith("\rrecur train-lm: Progress: 50%"), err);
        // erased with blanks and back at the margin: a record written next starts its own line
        String line = "recur train-lm: Progress: 50%";
        assertEquals("\r" + line + "\r" + " ".repeat(line.length()) + "\r", err);
    }
}
