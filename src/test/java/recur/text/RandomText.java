package recur.text;

import java.util.SplittableRandom;

/** Random strings that touch every corner of Unicode a tokenizer can trip over. */
final class RandomText {
    private static final String[] PIECES = {
        " ", "  ", "\t", "\n", "\r", "\u0000", "\u0001", "\u007f", "a", "Z", "the", " of", "9", "42", ".", ",", "!?",
        "é", "e\u0301", "\u0308", "ß", "ﬁ", "Ａ", "²", "東京", "ひらがな", "カタカナ", "中文", "한국어", "Ελλάδα", "русский",
        "שלום", "مرحبا", "\u200f", "\u200d", "👍", "👍🏽", "👨‍👩‍👧", "🇫🇷", "❤️", "\uFEFF", "\uFFFD", "𝔘", "\u00a0", "\u3000",
        "<", ">", "<eos", "<eos>", "<unk>", "<0xE3>", "\\", "\"",
    };

    private RandomText() {}

    static String string(SplittableRandom rnd, int pieces) {
        StringBuilder sb = new StringBuilder();
        int n = rnd.nextInt(pieces + 1);
        for (int i = 0; i < n; i++) {
            if (rnd.nextInt(4) == 0) {
                // any code point outside the surrogates
                int cp;
                do {
                    cp = rnd.nextInt(Character.MAX_CODE_POINT + 1);
                } while (cp >= 0xD800 && cp <= 0xDFFF);
                sb.appendCodePoint(cp);
            } else {
                sb.append(PIECES[rnd.nextInt(PIECES.length)]);
            }
        }
        return sb.toString();
    }
}
