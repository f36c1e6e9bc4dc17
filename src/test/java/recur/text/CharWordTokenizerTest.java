package recur.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CharWordTokenizerTest {
    private static List<String> words(WordSplit split, String s) {
        List<String> out = new ArrayList<>();
        split.split(s, 0, s.length(), (str, a, b) -> out.add(str.substring(a, b)));
        return out;
    }

    @Test
    void unicodeSplitSeparatesWordsAndPunctuation() {
        assertEquals(List.of("Don't", "stop", ",", "it", "costs", "3.14", "—", "or", "1,000", "!"),
                words(WordSplit.UNICODE, "Don't stop, it costs 3.14 — or 1,000!"));
        assertEquals(List.of("e\u0301te\u0301", "東京は日本", "。", "👍"), words(WordSplit.UNICODE, "e\u0301te\u0301 東京は日本。👍"));
        assertEquals(List.of("end", "."), words(WordSplit.UNICODE, "end."));
        assertEquals(List.of("a", "b"), words(WordSplit.UNICODE, "a\u0000b"));
    }

    @Test
    void whitespaceSplitKeepsPreTokenizedWords() {
        assertEquals(List.of("do", "n't", "$", "N", "<unk>"), words(WordSplit.WHITESPACE, " do n't $ N <unk> "));
    }

    @Test
    void wordVocabularyIsBuiltFromCounts() {
        WordTokenizer.Builder b = WordTokenizer.builder();
        b.add("the cat sat on the mat");
        b.add("the dog sat <unk> down");
        WordTokenizer t = b.build(2, 0);
        // the (3) and sat (2) are kept, in falling count; <unk> in text is the special, not a word
        assertEquals(List.of("<pad>", "<unk>", "<bos>", "<eos>", "the", "sat"),
                java.util.stream.IntStream.range(0, t.vocabSize()).mapToObj(t::token).toList());
        assertArrayEquals(new int[] {4, 1, 5, 1, 1}, t.encode("the cat sat <unk> mat"));
        assertEquals("the <unk> sat", t.decode(new int[] {4, 1, 5}));
        WordTokenizer small = b.build(1, 5);
        assertEquals(5, small.vocabSize());
        assertEquals("the", small.token(4));
        WordTokenizer back = (WordTokenizer) Tokenizer.fromJson(t.toJson(), "test");
        assertArrayEquals(t.encode("the cat sat"), back.encode("the cat sat"));
    }

    @Test
    void lowercasingFoldsCase() {
        WordTokenizer t = WordTokenizer.builder(WordSplit.UNICODE, new Normalization(false, true), List.of())
                .add("The THE the").build(1, 0);
        assertEquals(5, t.vocabSize());
        assertArrayEquals(new int[] {4, 4}, t.encode("tHe The"));
    }

    @Test
    void charTokenizerKnowsWhatItSawAndMapsTheRestToUnk() {
        TokenizerLearner l = new TokenizerLearner(TokenizerLearner.Config.of("char", 0));
        l.add("abba 👍");
        CharTokenizer t = (CharTokenizer) l.finish(null);
        // a and b twice each, then ' ' and 👍 once: ties by code point
        assertEquals(List.of((int) 'a', (int) 'b', (int) ' ', 0x1F44D), t.symbols());
        assertEquals("abba 👍", t.decode(t.encode("abba 👍")));
        assertArrayEquals(new int[] {4, 1, 5}, t.encode("azb"));
        assertArrayEquals(new int[] {3, 7}, t.encode("<eos>👍"));
    }

    @Test
    void charCoverageDropsTheRarestCharacters() {
        TokenizerLearner l = new TokenizerLearner(new TokenizerLearner.Config("char", 0, Normalization.NONE, List.of(),
                1, 0.9, false, WordSplit.UNICODE, 1024));
        l.add("aaaaaaaaabbbbbbbbbc");
        assertEquals(6, l.finish(null).vocabSize());
    }

    @Test
    void byteCharTokenizerIsLossless() {
        CharTokenizer t = CharTokenizer.bytes(Specials.of(List.of()), Normalization.NONE);
        assertEquals(260, t.vocabSize());
        SplittableRandom rnd = new SplittableRandom(2);
        for (int i = 0; i < 200; i++) {
            String s = RandomText.string(rnd, 30);
            assertEquals(s, t.decode(t.encode(s)));
        }
        assertEquals(4 + 0xE6, t.encode("東")[0]);
        assertTrue(t.lossless());
    }
}
