package recur.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import recur.io.Json;

/**
 * The README's Makefile is the one in testdata/experiment, and it runs end to end: tokenizer →
 * language model → samples and perplexity, with recur run from the test classpath.
 */
class ExperimentMakefileTest {
    @TempDir
    Path dir;

    @Test
    void readmeShowsTheTestedMakefile() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        String makefile = Files.readString(Path.of("testdata/experiment/Makefile"));
        assertTrue(readme.contains(makefile.strip()), "README.md must show testdata/experiment/Makefile as it is");
    }

    @Test
    void theExperimentRunsEndToEnd() throws IOException, InterruptedException {
        assumeTrue(new File("/usr/bin/make").canExecute() || new File("/bin/make").canExecute(), "make is not installed");
        Path recur = dir.resolve("recur");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Files.writeString(recur, "#!/bin/sh\nexec '" + java + "' --add-modules jdk.incubator.vector -cp '"
                + System.getProperty("java.class.path") + "' recur.cli.Main \"$@\" 2>/dev/null\n");
        assertTrue(recur.toFile().setExecutable(true));
        Path data = Path.of("testdata/shakespeare").toAbsolutePath();
        Process p = new ProcessBuilder("make", "-f", Path.of("testdata/experiment/Makefile").toAbsolutePath().toString(),
                "RECUR=" + recur, "DATA=" + data, "HIDDEN=16", "EPOCHS=1")
                .directory(dir.toFile()).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), log);
        List<String> samples = Files.readAllLines(dir.resolve("samples.jsonl"));
        assertEquals(3, samples.size());
        for (String s : samples) {
            assertTrue(Json.MAPPER.readTree(s).get("sample").isTextual());
        }
        JsonNode ppl = Json.MAPPER.readTree(Files.readString(dir.resolve("valid-perplexity.json")));
        JsonNode log1 = Json.MAPPER.readTree(Files.readAllLines(dir.resolve("train-log.jsonl")).get(0));
        assertEquals(log1.get("valid_perplexity").asDouble(), ppl.get("perplexity").asDouble(), 1e-3);
    }
}
