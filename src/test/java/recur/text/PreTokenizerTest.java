package recur.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PreTokenizerTest {
    static List<String> pieces(String s) {
        List<String> out = new ArrayList<>();
        PreTokenizer.split(s, 0, s.length(), (a, b) -> out.add(s.substring(a, b)));
        return out;
    }

    @Test
    void spaceStaysOnTheWordAfterIt() {
        assertEquals(List.of("Hello", ",", " world", "!"), pieces("Hello, world!"));
        assertEquals(List.of(" the", " cat", " sat", " "), pieces(" the cat sat "));
    }

    @Test
    void digitsPunctuationAndScriptsAreApart() {
        assertEquals(List.of("abc", "123", "...", " x", "7"), pieces("abc123... x7"));
        assertEquals(List.of("don", "'", "t"), pieces("don't"));
        assertEquals(List.of("abc", "абв"), pieces("abcабв"));
        // kana and kanji stay together, as in Japanese words
        assertEquals(List.of("東京はひらがな", "。"), pieces("東京はひらがな。"));
    }

    @Test
    void whitespaceRunsKeepAllButTheLastSpace() {
        assertEquals(List.of("a", "  ", " b"), pieces("a   b"));
        assertEquals(List.of("a", "\t\t", " b"), pieces("a\t\t b"));
        assertEquals(List.of("a", "\n", "b"), pieces("a\nb"));
        assertEquals(List.of("   "), pieces("   "));
    }

    @Test
    void combiningMarksStayWithTheirBase() {
        assertEquals(List.of("e\u0301te\u0301", " \u0301"), pieces("e\u0301te\u0301 \u0301"));
    }

    @Test
    void piecesCoverTheInputExactly() {
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(11);
        for (int t = 0; t < 200; t++) {
            String s = RandomText.string(rnd, 60);
            assertEquals(s, String.join("", pieces(s)));
            for (String p : pieces(s)) {
                assertEquals(false, p.isEmpty());
            }
        }
    }

    @Test
    void utf8BytesSplitWhereTheTextDoes() {
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(12);
        List<String> fixed = List.of("e\u0301te\u0301 \u0301", "a \u00a0 b\u2028c", "  \t x", " 👍🏽  東京 Ⅻ٣", "\u0301a", "", " ");
        List<String> texts = new ArrayList<>(fixed);
        for (int t = 0; t < 300; t++) {
            texts.add(RandomText.string(rnd, 40));
        }
        for (String s : texts) {
            byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            List<String> got = new ArrayList<>();
            PreTokenizer.split(b, 0, b.length, (x, y) -> got.add(new String(b, x, y - x, java.nio.charset.StandardCharsets.UTF_8)));
            assertEquals(pieces(s), got, s);
        }
    }

    @Test
    void specialsCutUtf8BytesWhereTheyCutTheText() {
        Specials sp = Specials.of(List.of("<s>", "<sep>", "東京", "👍"));
        for (String s : List.of("a<sep>b<s><unk>", "東京<eos>東京東", "x👍🏽<se", "<<sep>>", "")) {
            List<String> want = sp.plainParts(s);
            byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            List<String> got = new ArrayList<>();
            sp.split(b, 0, b.length, (bb, x, y) -> got.add(new String(bb, x, y - x, java.nio.charset.StandardCharsets.UTF_8)));
            assertEquals(want, got, s);
        }
    }
}
