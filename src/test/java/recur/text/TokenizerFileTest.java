package recur.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import recur.io.ModelArchive;
import recur.io.ModelFileException;

class TokenizerFileTest {
    @TempDir
    Path dir;

    private Tokenizer learn(String kind, int vocab) throws Exception {
        TokenizerLearner l = new TokenizerLearner(TokenizerLearner.Config.of(kind, vocab));
        for (String line : Files.readAllLines(Path.of("testdata/tok/corpus.txt"), StandardCharsets.UTF_8)) {
            l.add(line);
        }
        return l.finish(null);
    }

    @Test
    void everyKindSavesAndLoadsToTheSameTokenizer() throws Exception {
        String text = "The miller laughed — 東京 👍🏽 <eos>";
        for (String kind : List.of("bpe", "char", "word")) {
            Tokenizer t = learn(kind, kind.equals("bpe") ? 500 : 0);
            Path p = dir.resolve(kind + ".model");
            Tokenizer.save(t, p, null);
            Tokenizer back = Tokenizer.load(p);
            assertEquals(kind, back.type());
            assertEquals(t.vocabSize(), back.vocabSize());
            assertArrayEquals(t.encode(text), back.encode(text), kind);
            for (int i = 0; i < t.vocabSize(); i++) {
                assertEquals(t.token(i), back.token(i));
            }
        }
    }

    @Test
    void learningIsDeterministicToTheByte() throws Exception {
        Path a = dir.resolve("a.model");
        Path b = dir.resolve("b.model");
        Tokenizer.save(learn("bpe", 700), a, null);
        Tokenizer.save(learn("bpe", 700), b, null);
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
    }

    @Test
    void otherModelKindsAndDamagedFilesAreClearErrors() throws Exception {
        Path other = dir.resolve("lm.model");
        ModelArchive.write(other, ModelArchive.newMeta("lm"), List.of());
        ModelFileException e = assertThrows(ModelFileException.class, () -> Tokenizer.load(other));
        assertTrue(e.getMessage().contains("expected a tokenizer model"), e.getMessage());
        Path broken = dir.resolve("broken.model");
        var meta = ModelArchive.newMeta(Tokenizer.KIND);
        var t = learn("bpe", 300).toJson();
        ((com.fasterxml.jackson.databind.node.ArrayNode) ((com.fasterxml.jackson.databind.node.ArrayNode) t.get("merges")).get(0)).removeAll();
        meta.set("tokenizer", t);
        ModelArchive.write(broken, meta, List.of());
        e = assertThrows(ModelFileException.class, () -> Tokenizer.load(broken));
        assertTrue(e.getMessage().contains("merge 0"), e.getMessage());
    }
}
