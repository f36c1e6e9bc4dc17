package recur.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release archive (target/recur-VERSION.tar.gz) works on its own: unpacked in an empty
 * folder, with a PATH that holds a JDK and the basic Unix tools but no Maven and no sources, it
 * runs a pipeline; its install.sh puts recur, the man pages and the completion under PREFIX.
 * Maven runs this test in the package phase, right after it makes the archive.
 */
class DistributionTest {
    private static final List<String> TOOLS = List.of("bash", "env", "dirname", "readlink", "stat", "sed",
            "basename", "mkdir", "mv", "rm", "cat", "setsid", "install", "ls", "head", "tar", "gzip", "cmp");

    @TempDir
    Path dir;

    /** Runs a bash script with only TOOLS and java on the PATH, in the temp folder. */
    private String sh(String script) throws IOException, InterruptedException {
        Path tools = dir.resolve("tools");
        if (!Files.isDirectory(tools)) {
            Files.createDirectories(tools);
            for (String t : TOOLS) {
                Path real = Stream.of("/usr/bin/", "/bin/").map(d -> Path.of(d + t)).filter(Files::isExecutable)
                        .findFirst().orElseThrow(() -> new AssertionError("no " + t));
                Files.createSymbolicLink(tools.resolve(t), real);
            }
            Files.createSymbolicLink(tools.resolve("java"), Path.of(System.getProperty("java.home"), "bin", "java"));
        }
        ProcessBuilder pb = new ProcessBuilder(tools.resolve("bash").toString(), "-euo", "pipefail", "-c", script)
                .directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().put("PATH", tools + ":" + dir.resolve("prefix/bin"));
        pb.environment().put("HOME", dir.resolve("home").toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), script + "\n" + out);
        return out;
    }

    @Test
    void theArchiveRunsAndInstallsWithoutMaven() throws Exception {
        Path archive;
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            archive = files.filter(f -> f.getFileName().toString().matches("recur-.*\\.tar\\.gz")).findFirst()
                    .orElseThrow(() -> new AssertionError("no target/recur-VERSION.tar.gz: this test runs after mvn package"))
                    .toAbsolutePath();
        }
        String version = archive.getFileName().toString().replaceAll("^recur-|\\.tar\\.gz$", "");
        String text = Path.of("testdata/shakespeare/valid.txt").toAbsolutePath().toString();
        sh("! command -v mvn");

        sh("tar -xzf " + archive);
        Path unpacked = dir.resolve("recur-" + version);
        String r = unpacked.resolve("bin/recur").toString();
        assertTrue(sh(r + " --version").startsWith("recur " + version + "\n"));
        sh(r + " tokenize learn --kind char --quiet -o tok.model " + text
                + " && " + r + " tokenize -m tok.model " + text + " | " + r + " tokenize -m tok.model --decode"
                + " | sed -e 's/.*\"text\":\"//' -e 's/\".*//' > round.txt && cmp round.txt " + text);

        sh("PREFIX=" + dir.resolve("prefix") + " " + unpacked.resolve("bin/install.sh"));
        assertTrue(sh("recur --version").startsWith("recur " + version));
        assertTrue(Files.exists(dir.resolve("prefix/share/man/man1/recur-train-lm.1")));
        String completion = dir.resolve("prefix/share/bash-completion/completions/recur").toString();
        assertTrue(sh("source " + completion + " && complete -p recur").contains("recur"));
    }
}
