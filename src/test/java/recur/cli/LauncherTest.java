package recur.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/recur as a user runs it, as a separate process: signals sent to the launcher reach the JVM,
 * which checkpoints the training run and exits 130, and its last message gets through the
 * launcher's stderr filter. The launcher runs the test's classes (RECUR_CLASSPATH) rather than
 * building the jar, which Maven makes only after the tests.
 */
class LauncherTest {
    @TempDir
    Path dir;

    /** A training run that would take minutes, started by the launcher in its own process group. */
    private Process startTraining(boolean ownGroup) throws IOException {
        List<String> cmd = new ArrayList<>();
        if (ownGroup) {
            cmd.add("setsid");
        }
        cmd.addAll(List.of(Path.of("bin/recur").toAbsolutePath().toString(), "train-lm", "--level", "char",
                "--layers", "1", "--hidden", "32", "--emb", "16", "--bptt", "16", "--batch", "8", "--epochs", "1000",
                "--max-time", "40s", "-o", dir.resolve("m.lm").toString(),
                Path.of("testdata/shakespeare/valid.txt").toAbsolutePath().toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        pb.environment().put("RECUR_CLASSPATH", System.getProperty("java.class.path"));
        pb.environment().put("RECUR_JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        pb.environment().remove("RECUR_JAVA_OPTS");
        return pb.start();
    }

    /** Waits for the first metrics record (training is under way), then signals, then collects. */
    private static String[] signalAfterFirstEpoch(Process p, Runnable signal) throws Exception {
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String first = out.readLine();
        assertTrue(first != null && first.contains("\"epoch\""), "no metrics record before the signal; stderr: "
                + (first == null ? err.get() : ""));
        signal.run();
        while (out.readLine() != null) {
            // records written before the stop
        }
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the run did not stop after the signal");
        return new String[] {String.valueOf(p.exitValue()), err.get()};
    }

    private static String readAll(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return e.toString();
        }
    }

    private void assertCheckpointed(String[] result) {
        String ckpt = dir.resolve("m.lm.ckpt").toString();
        assertEquals("130", result[0], result[1]);
        assertTrue(Files.exists(Path.of(ckpt)), "no checkpoint; stderr: " + result[1]);
        assertTrue(result[1].contains("interrupted; checkpoint written to " + ckpt), result[1]);
        assertTrue(result[1].contains("--resume " + ckpt), result[1]);
        assertFalse(result[1].contains("Using incubator modules"), result[1]);
    }

    @Test
    void sigtermToTheLauncherCheckpointsAndExits130() throws Exception {
        Process p = startTraining(false);
        assertCheckpointed(signalAfterFirstEpoch(p, () -> kill(String.valueOf(p.pid()))));
    }

    /**
     * timeout(1), systemd and Ctrl-C signal the whole process group; the JVM must see one stop
     * request (a second one ends it at once, without a checkpoint) and the stderr filter must
     * outlive it to pass on the message.
     */
    @Test
    void sigtermToTheProcessGroupCheckpointsAndExits130() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/setsid")), "setsid is needed to make a process group");
        Process p = startTraining(true);
        assertCheckpointed(signalAfterFirstEpoch(p, () -> kill("-" + p.pid())));
    }

    /** kill -TERM, as a user types it (Process.destroy would also close the streams we read). */
    private static void kill(String target) {
        try {
            assertEquals(0, new ProcessBuilder("kill", "-TERM", "--", target).inheritIO().start().waitFor());
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void theIncubatorWarningIsDroppedAndErrorsPassThrough() throws Exception {
        // sample: a command the launcher starts with the Vector API, whose warning is the one to drop
        ProcessBuilder pb = new ProcessBuilder(Path.of("bin/recur").toAbsolutePath().toString(), "sample", "-m",
                dir.resolve("missing.model").toString()).redirectErrorStream(true);
        pb.environment().put("RECUR_CLASSPATH", System.getProperty("java.class.path"));
        pb.environment().put("RECUR_JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        Process p = pb.start();
        p.getOutputStream().close();
        String out = readAll(p.getInputStream());
        assertEquals(3, p.waitFor(), out);
        assertEquals("recur sample: " + dir.resolve("missing.model") + ": no such model file\n", out);
    }

    @Test
    void versionStartsWithoutTheVectorApiAndATrainingCommandWithIt() throws Exception {
        assertTrue(launch("--version").contains("SIMD kernels: plain Java"));
        // help runs with C1 alone, a command that computes with both compilers
        java.util.regex.Pattern c1 = java.util.regex.Pattern.compile("TieredStopAtLevel\\s+= 1\\s");
        assertTrue(c1.matcher(launchWith("-XX:+PrintFlagsFinal", "train-lm", "--help")).find());
        assertFalse(c1.matcher(launchWith("-XX:+PrintFlagsFinal", "train-lm", "--bogus-option-x")).find());
        // the module graph the JVM resolves: the Vector API for training, not for tokenizing
        assertTrue(launchWith("-Xlog:module=debug", "train-lm", "--bogus-option-x").contains("jdk.incubator.vector"));
        assertFalse(launchWith("-Xlog:module=debug", "tokenize", "--bogus-option-x").contains("jdk.incubator.vector"));
    }

    private String launch(String... args) throws Exception {
        return launchWith("", args);
    }

    private String launchWith(String javaOpts, String... args) throws Exception {
        java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of(Path.of("bin/recur").toAbsolutePath().toString()));
        cmd.addAll(java.util.List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("RECUR_CLASSPATH", System.getProperty("java.class.path"));
        pb.environment().put("RECUR_JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        pb.environment().put("RECUR_JAVA_OPTS", javaOpts);
        Process p = pb.start();
        p.getOutputStream().close();
        String out = readAll(p.getInputStream());
        p.waitFor();
        return out;
    }
}
