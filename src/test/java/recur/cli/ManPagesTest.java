package recur.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every command has a committed man page, and each page is what the current --help model renders. */
class ManPagesTest {
    @Test
    void everyCommandHasAnUpToDatePage() throws IOException {
        Map<String, String> pages = ManPages.render();
        assertTrue(pages.containsKey("recur.1"));
        for (Map.Entry<String, String> e : pages.entrySet()) {
            Path p = Path.of("man", e.getKey());
            assertTrue(Files.exists(p), "missing man page " + p + ": run bin/gen-man");
            assertEquals(e.getValue(), Files.readString(p, StandardCharsets.UTF_8), p + " is stale: run bin/gen-man");
        }
    }

    @Test
    void completionScriptIsUpToDate() throws IOException {
        Path p = Path.of("bin/recur-completion.bash");
        assertTrue(Files.exists(p), "missing " + p + ": run bin/gen-man");
        assertEquals(ManPages.completion(), Files.readString(p, StandardCharsets.UTF_8), p + " is stale: run bin/gen-man");
    }
}
