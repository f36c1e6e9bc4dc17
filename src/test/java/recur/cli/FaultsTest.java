package recur.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import recur.io.Json;
import recur.io.JsonlWriter;
import recur.io.ModelArchive;
import recur.io.Safetensors;

/** Faults that need a file made in code (a model whose checksums pass but whose content is wrong), and the writer's rules. */
class FaultsTest {
    @TempDir
    Path dir;

    /** The LM fixture rewritten with its architecture changed by {@code change}; its CRCs are right. */
    private Path lmWith(java.util.function.Consumer<ObjectNode> change) throws Exception {
        ModelArchive a = ModelArchive.read(Fixtures.lm(), null);
        ObjectNode meta = a.meta().deepCopy();
        change.accept((ObjectNode) meta.get("architecture"));
        Path p = dir.resolve("damaged.model");
        ModelArchive.write(p, meta, new ArrayList<>(a.tensors().values()));
        return p;
    }

    @Test
    void aDamagedArchitectureIsAModelFileErrorNotUsage() throws Exception {
        Path p = lmWith(arch -> arch.put("hidden", -3));
        Cli.Result r = Cli.run("abc\n", "eval", "perplexity", "-m", p.toString());
        assertEquals(3, r.code(), r.err());
        assertTrue(r.err().matches("(?s).*(model file is damaged|damaged architecture).*"), r.err());
    }

    @Test
    void anAbsurdArchitectureIsExit3WithoutAStackTrace() throws Exception {
        Path p = lmWith(arch -> arch.put("hidden", 200_000));
        Cli.Result r = Cli.run("abc\n", "eval", "perplexity", "-m", p.toString());
        assertEquals(3, r.code(), r.err());
        assertFalse(r.err().contains("\tat ") || r.err().contains("OutOfMemoryError"), r.err());
    }

    @Test
    void aNegativeTensorShapeIsExit3() throws Exception {
        ModelArchive a = ModelArchive.read(Fixtures.emb(), null);
        Safetensors.Tensor v = a.tensor("vectors");
        int[] shape = {-v.shape()[0], -v.shape()[1]};
        Path p = dir.resolve("neg.model");
        ModelArchive.write(p, a.meta(), List.of(new Safetensors.Tensor("vectors", shape, v.values())));
        Cli.Result r = Cli.run(null, "embed", "export", "-m", p.toString());
        assertEquals(3, r.code(), r.err());
        assertTrue(r.err().contains("model file is damaged (tensor vectors has shape"), r.err());
    }

    @Test
    void theWriterWritesNullForNumbersJsonCannotHoldAndSaysSo() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<String> warnings = new ArrayList<>();
        try (JsonlWriter w = new JsonlWriter(out, false, warnings::add)) {
            ObjectNode n = Json.MAPPER.createObjectNode();
            n.put("valid_ppl", Double.POSITIVE_INFINITY);
            n.putArray("v").add(Float.NaN).add(1.5f);
            w.write(n);
            w.write(n);
        }
        assertEquals("{\"valid_ppl\":null,\"v\":[null,1.5]}\n{\"valid_ppl\":null,\"v\":[null,1.5]}\n",
                out.toString(StandardCharsets.UTF_8));
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("field \"valid_ppl\" was Infinity, written as null"), warnings.get(0));
    }

    @Test
    void anOutputSymlinkIsWrittenThroughAndStaysALink() throws Exception {
        Path target = dir.resolve("target.vec");
        Files.writeString(target, "old");
        Path link = Files.createSymbolicLink(dir.resolve("link.vec"), target);
        Cli.Result r = Cli.run(null, "embed", "export", "-m", Fixtures.emb().toString(), "-o", link.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.isSymbolicLink(link));
        assertTrue(Files.readString(target).startsWith("3 4\n"), Files.readString(target));
    }
}
