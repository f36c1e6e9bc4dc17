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
}
