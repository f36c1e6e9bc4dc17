package recur.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import recur.io.Json;

/** recur info describes every kind of model file; recur plot draws metrics as SVG. */
class InfoPlotCommandTest {
    @TempDir
    Path dir;

    private static JsonNode one(Cli.Result r) throws Exception {
        assertEquals(0, r.code(), r.err());
        String[] lines = r.out().split("\n");
        assertEquals(1, lines.length, r.out());
        return Json.MAPPER.readTree(lines[0]);
    }

    @Test
    void infoDescribesTokenizersLanguageModelsAndEmbeddings() throws Exception {
        String text = dir.resolve("t.txt").toString();
        Files.write(Path.of(text), Files.readAllLines(Path.of("testdata/shakespeare/valid.txt")).subList(0, 120));
        String tok = dir.resolve("tok.model").toString();
        String lm = dir.resolve("lm.model").toString();
        String emb = dir.resolve("e.emb").toString();
        assertEquals(0, Cli.run(null, "tokenize", "learn", "--kind", "bpe", "--vocab", "280", "--quiet", "-o", tok, text).code());
        assertEquals(0, Cli.run(null, "train-lm", "--level", "char", "--layers", "1", "--hidden", "8", "--emb", "4",
                "--epochs", "1", "--quiet", "-o", lm, text).code());
        assertEquals(0, Cli.run(null, "embed", "train", "--dim", "4", "--min-count", "1", "--epochs", "1", "--quiet", "-o", emb, text).code());

        JsonNode t = one(Cli.run(null, "info", tok));
        assertEquals("tokenizer", t.get("kind").asText());
        assertEquals(280, t.get("vocab_size").asInt());
        assertEquals("bpe", t.at("/architecture/tokenizer/type").asText());
        assertTrue(t.at("/training/command").asText().contains("tokenize learn"), t.toString());

        JsonNode l = one(Cli.run(null, "info", lm));
        assertEquals("lm", l.get("kind").asText());
        assertEquals(8, l.at("/architecture/hidden").asInt());
        int v = l.at("/architecture/vocab").asInt();
        assertEquals(v, l.get("vocab_size").asInt());
        // an LSTM: embedding V×4, W_ih 32×4, W_hh 32×8, two biases of 32, decoder V×8 + V
        assertEquals(v * 4 + 32 * 4 + 32 * 8 + 64 + v * 8 + v, l.get("parameters").asLong());
        assertEquals(64, l.at("/training/data_sha256").asText().length());

        JsonNode e = one(Cli.run(null, "info", emb));
        assertEquals("embeddings", e.get("kind").asText());
        assertEquals(e.at("/architecture/size").asInt() * 4L, e.get("parameters").asLong());

        for (String m : List.of(tok, lm, emb)) {
            JsonNode info = one(Cli.run(null, "info", m));
            Cli.Result vocab = Cli.run(null, "info", "--vocab", m);
            assertEquals(0, vocab.code(), vocab.err());
            String[] lines = vocab.out().split("\n");
            assertEquals(info.get("vocab_size").asInt(), lines.length, m);
            assertEquals(0, Json.MAPPER.readTree(lines[0]).get("id").asInt());
        }

        Cli.Result text2 = Cli.run(null, "info", "--format", "text", tok);
        assertEquals(0, text2.code(), text2.err());
        assertTrue(text2.out().contains("\nkind: tokenizer\n") && text2.out().contains("\nvocab_size: 280\n"), text2.out());
        assertEquals(3, Cli.run(null, "info", dir.resolve("missing.model").toString()).code());
    }

    @Test
    void plotDrawsOnePathPerSeriesWithAPointPerRecord() throws Exception {
        StringBuilder log = new StringBuilder();
        for (int step = 10; step <= 100; step += 10) {
            log.append("{\"step\":").append(step).append(",\"train_loss\":").append(4.0 - step / 50.0).append("}\n");
            if (step % 30 == 0) {
                log.append("{\"step\":").append(step).append(",\"epoch_end\":true,\"valid_loss\":").append(4.2 - step / 60.0).append("}\n");
            }
        }
        Cli.Result r = Cli.run(log.toString(), "plot");
        assertEquals(0, r.code(), r.err());
        var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(r.out().getBytes(StandardCharsets.UTF_8)));
        assertEquals("svg", doc.getDocumentElement().getTagName());
        NodeList paths = doc.getElementsByTagName("path");
        assertEquals(2, paths.getLength());
        int[] expected = {10, 3};
        String[] names = {"train_loss", "valid_loss"};
        for (int i = 0; i < 2; i++) {
            Element p = (Element) paths.item(i);
            assertEquals(names[i], p.getAttribute("data-name"));
            String d = p.getAttribute("d");
            assertEquals(expected[i], d.split("[ML]").length - 1, d);
        }
        Path svg = dir.resolve("c.svg");
        Cli.Result f = Cli.run(log.toString(), "plot", "--series", "train_loss", "-o", svg.toString());
        assertEquals(0, f.code(), f.err());
        assertEquals(1, DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(svg.toFile())
                .getElementsByTagName("path").getLength());
    }
}
