package recur.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class BpeTokenizerTest {
    static BpeTokenizer tok;
    static int[][] merges;

    @BeforeAll
    static void learn() throws IOException {
        TokenizerLearner l = new TokenizerLearner(new TokenizerLearner.Config("bpe", 600, Normalization.NONE,
                List.of("<sep>"), 1, 1.0, false, WordSplit.UNICODE, 1024));
        for (String line : Files.readAllLines(Path.of("testdata/tok/corpus.txt"), StandardCharsets.UTF_8)) {
            l.add(line);
        }
        tok = (BpeTokenizer) l.finish(null);
        merges = new int[tok.merges()][];
        int s = tok.specials().size();
        for (int r = 0; r < merges.length; r++) {
            int[] p = tok.mergePairs().get(r);
            merges[r] = new int[] {p[0] - s, p[1] - s};
        }
    }

    @Test
    void learnsUpToTheVocabularySize() {
        assertEquals(600, tok.vocabSize());
        assertEquals(5, tok.specials().size());
        assertEquals(600 - 5 - 256, tok.merges());
    }

    @Test
    void roundTripIsExactOnArbitraryUnicode() {
        String[] cases = {
            "", " ", "\n", "\u0000", "The river ran low that summer.", "Emoji 👍🏽 👨‍👩‍👧 🇫🇷 ❤️",
            "東京は日本の首都です。", "北京是中国的首都", "שלום עולם", "مرحبا بالعالم", "e\u0301 a\u0308 \u0301",
            "tabs\tand\r\ncontrol \u0001\u001f\u007f chars", "   spaces   ", "<eos><eos><unk>x<sep>",
            "\uFEFFbom", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
        };
        for (String s : cases) {
            assertEquals(s, tok.decode(tok.encode(s)), s);
        }
        SplittableRandom rnd = new SplittableRandom(5);
        for (int t = 0; t < 500; t++) {
            String s = RandomText.string(rnd, 40);
            assertEquals(s, tok.decode(tok.encode(s)));
        }
    }

    @Test
    void veryLongLinesEncodeAndRoundTrip() {
        // one pre-token of a megabyte: the heap keeps this n log n
        String word = "riverrun".repeat(1 << 17);
        int[] ids = tok.encode(word);
        assertEquals(word, tok.decode(ids));
        assertTrue(ids.length < word.length(), "merges apply inside long pre-tokens");
        String part = word.substring(0, 24_000);
        assertArrayEquals(Reference.encode(merges, part, 5), tok.encode(part));
        String text = "The miller laughed aloud. ".repeat(40_000);
        assertEquals(text, tok.decode(tok.encode(text)));
    }

    @Test
    void encodingEqualsTheTextbookAlgorithm() {
        SplittableRandom rnd = new SplittableRandom(8);
        for (int t = 0; t < 300; t++) {
            String s = RandomText.string(rnd, 30).replace("<", "(");
            assertArrayEquals(Reference.encode(merges, s, tok.specials().size()), tok.encode(s), s);
        }
        String corpusLine = "Children waded where the water had once been deep enough to drown a horse.";
        assertArrayEquals(Reference.encode(merges, corpusLine, 5), tok.encode(corpusLine));
        String longWord = "waterwheel".repeat(3000);
        assertArrayEquals(Reference.encode(merges, longWord, 5), tok.encode(longWord));
    }

    @Test
    void specialsAreNeverSplit() {
        int[] ids = tok.encode("a<eos>b<unk><sep><pad><bos>");
        assertEquals(tok.eos(), ids[1]);
        int[] tail = java.util.Arrays.copyOfRange(ids, ids.length - 4, ids.length);
        assertArrayEquals(new int[] {tok.unk(), 4, tok.pad(), tok.bos()}, tail);
        assertEquals("<sep>", tok.token(4));
        assertArrayEquals(new int[] {tok.eos()}, tok.encode("<eos>"));
        // an incomplete special is ordinary text
        assertTrue(tok.encode("<eos").length > 1);
    }

    @Test
    void tokensAreUniqueAndNameTheirBytes() {
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < tok.vocabSize(); i++) {
            assertTrue(seen.add(tok.token(i)), "duplicate token " + tok.token(i));
            assertEquals(i, tok.id(tok.token(i)));
        }
        int s = tok.specials().size();
        assertEquals("a", tok.token(s + 'a'));
        assertEquals("<0xE3>", tok.token(s + 0xE3));
        assertEquals(s + 0xE3, tok.id("<0xE3>"));
        assertEquals(s + 'a', tok.id("<0x61>"));
    }

    @Test
    void bosAndEosWrapTheIds() {
        int[] ids = tok.encode("hi", true, true);
        assertEquals(tok.bos(), ids[0]);
        assertEquals(tok.eos(), ids[ids.length - 1]);
    }

    @Test
    void decodeRejectsIdsOutsideTheVocabulary() {
        assertThrows(IllegalArgumentException.class, () -> tok.decode(new int[] {tok.vocabSize()}));
        assertThrows(IllegalArgumentException.class, () -> tok.decode(new int[] {-1}));
    }

    @Test
    void loneSurrogatesEncodeAsReplacementCharacter() {
        assertEquals("a\uFFFDb", tok.decode(tok.encode("a\ud800b")));
        assertEquals(1, Utf8.loneSurrogate("a\ud800b"));
        assertEquals(-1, Utf8.loneSurrogate("a👍b"));
        assertEquals(0, Utf8.loneSurrogate("\udc00"));
    }

    @Test
    void nfkcIsAppliedBeforeEncoding() {
        BpeTokenizer n = new BpeTokenizer(Specials.of(List.of()), new Normalization(true, false), merges);
        assertEquals("fi A 2", n.decode(n.encode("ﬁ Ａ ²")));
    }

    @Test
    void threadsShareOneTokenizerSafely() throws Exception {
        String[] texts = new String[200];
        int[][] expected = new int[texts.length][];
        SplittableRandom rnd = new SplittableRandom(1);
        for (int i = 0; i < texts.length; i++) {
            texts[i] = RandomText.string(rnd, 50);
            expected[i] = tok.encode(texts[i]);
        }
        var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<Boolean>> fs = new java.util.ArrayList<>();
            for (int k = 0; k < 8; k++) {
                fs.add(pool.submit(() -> {
                    for (int i = 0; i < texts.length; i++) {
                        if (!java.util.Arrays.equals(expected[i], tok.encode(texts[i]))) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (var f : fs) {
                assertTrue(f.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
