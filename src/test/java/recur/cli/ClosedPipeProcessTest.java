package recur.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import recur.io.Json;

/**
 * A closed downstream pipe in real processes ({@code recur ... | head -1}): the broken pipe is the
 * normal end of a command whose only product is standard output, and nothing at all to a training
 * run, whose product is the model. Runs recur.cli.Main in a JVM of its own, from bash, with pipefail
 * so the shell reports recur's exit status rather than head's.
 */
class ClosedPipeProcessTest {
    @TempDir
    Path tmp;

    /** Runs {@code script} (with RECUR standing for the command that starts recur); returns exit code, stdout, stderr. */
    private static String[] bash(String script) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String recur = "'" + java + "' --add-modules jdk.incubator.vector -cp '" + System.getProperty("java.class.path")
                + "' recur.cli.Main";
        Process p = new ProcessBuilder("bash", "-o", "pipefail", "-c", script.replace("RECUR", recur)).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8)
                .replaceAll("WARNING: Using incubator modules: jdk.incubator.vector\\R", "");
        return new String[] {String.valueOf(p.waitFor()), new String(out, StandardCharsets.UTF_8), err};
    }

    @Test
    void tokenizeIntoHeadEndsQuietlyWithZero() throws Exception {
        // far more output than a pipe buffers, so recur is still writing when head leaves
        String corpus = Files.readString(Fixtures.TESTDATA.resolve("tok/corpus.txt"));
        Path big = tmp.resolve("big.txt");
        Files.writeString(big, corpus.repeat(300));
        String[] r = bash("RECUR tokenize -m '" + Fixtures.tok() + "' '" + big + "' | head -1");
        assertEquals("0", r[0], r[2]);
        assertEquals("", r[2], "a closed pipe is not worth a word on stderr");
        List<String> lines = r[1].lines().toList();
        assertEquals(1, lines.size(), r[1]);
        assertTrue(Json.MAPPER.readTree(lines.get(0)).path("ids").isArray(), lines.get(0));
    }

    @Test
    void trainLmIntoHeadTrainsToTheEndAndWritesTheSameModel() throws Exception {
        String train = Fixtures.TESTDATA.resolve("shakespeare/train.txt").toString();
        String valid = Fixtures.TESTDATA.resolve("shakespeare/valid.txt").toString();
        // three validations a run (--valid-every), so head leaves long before the end
        String args = " --level char --cell gru --emb 8 --hidden 16 --layers 1 --bptt 20 --batch 16 --epochs 2"
                + " --valid-every 40 --optimizer adam --lr 0.01 --seed 3 '" + train + "' --valid '" + valid + "' -o ";
        Path whole = tmp.resolve("whole.lm");
        Path headed = tmp.resolve("headed.lm");
        String[] a = bash("RECUR train-lm" + args + "'" + whole + "' > '" + tmp.resolve("all.jsonl") + "'");
        assertEquals("0", a[0], a[2]);
        long records = Files.readAllLines(tmp.resolve("all.jsonl")).size();
        assertTrue(records >= 3, "the run must write several metrics records for head to cut: " + records);
        String[] h = bash("RECUR train-lm" + args + "'" + headed + "' | head -1");
        assertEquals("0", h[0], h[2]);
        assertEquals(1, h[1].lines().count(), h[1]);
        assertTrue(h[2].contains("recur train-lm: wrote " + headed), h[2]);
        assertFalse(Files.exists(Path.of(headed + ".ckpt")), "a finished run removes its checkpoint: " + h[2]);
        // what the closed pipe changed is the provenance's -o only: the trained weights are the same bytes
        assertArrayEquals(Fixtures.weights(whole), Fixtures.weights(headed), h[2]);
    }
}
