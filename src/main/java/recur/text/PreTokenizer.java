package recur.text;

/**
 * Cuts text into the stretches that BPE merges never cross, the way sentencepiece and GPT-2 do:
 * a run of letters of one script, a run of digits, or a run of other symbols (punctuation, emoji,
 * control characters), each with the one space before it kept on it ({@code " the"}, {@code " ("});
 * combining marks stay with what they follow. Other whitespace forms runs of its own; of a run
 * of spaces before a word all but the last form a stretch. Every char of the input lands in
 * exactly one stretch, in order, which is what makes byte-level BPE lossless.
 */
public final class PreTokenizer {
    /** Receives the stretch {@code [from, to)} of the text being split. */
    @FunctionalInterface
    public interface Sink {
        void piece(int from, int to);
    }

    private static final int SPACE = 0;
    private static final int WHITESPACE = 1;
    private static final int DIGIT = 2;
    private static final int OTHER = 3;
    private static final int MARK = 4;
    /** Letters are 16 + their script, so runs break where the script changes. */
    private static final int LETTER = 16;
    private static final int HAN = LETTER + Character.UnicodeScript.HAN.ordinal();
    private static final int LATIN = LETTER + Character.UnicodeScript.LATIN.ordinal();

    private static final int[] ASCII = new int[128];

    static {
        for (int c = 0; c < 128; c++) {
            ASCII[c] = c == ' ' ? SPACE
                    : Character.isWhitespace(c) ? WHITESPACE
                    : Character.isLetter(c) ? LATIN
                    : Character.isDigit(c) ? DIGIT
                    : OTHER;
        }
    }

    private PreTokenizer() {}

    static int classOf(int cp) {
        if (cp < 128) {
            return ASCII[cp];
        }
        if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
            return WHITESPACE;
        }
        switch (Character.getType(cp)) {
            case Character.NON_SPACING_MARK, Character.COMBINING_SPACING_MARK, Character.ENCLOSING_MARK:
                return MARK;
            case Character.DECIMAL_DIGIT_NUMBER, Character.LETTER_NUMBER, Character.OTHER_NUMBER:
                return DIGIT;
            case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
                    Character.MODIFIER_LETTER, Character.OTHER_LETTER:
                Character.UnicodeScript sc = Character.UnicodeScript.of(cp);
                // Japanese mixes kana and kanji inside words, as sentencepiece treats them
                if (sc == Character.UnicodeScript.HIRAGANA || sc == Character.UnicodeScript.KATAKANA) {
                    return HAN;
                }
                return LETTER + sc.ordinal();
            default:
                return OTHER;
        }
    }

    /** Splits {@code s[from, to)} into stretches, reported in order to {@code sink}. */
    public static void split(String s, int from, int to, Sink sink) {
        int i = from;
        while (i < to) {
            int start = i;
            char c = s.charAt(i);
            int cls;
            if (c == ' ') {
                int j = i + 1;
                while (j < to && s.charAt(j) == ' ') {
                    j++;
                }
                if (j == to) {
                    sink.piece(i, j);
                    return;
                }
                int next = s.codePointAt(j);
                int nextCls = classOf(next);
                if (nextCls == WHITESPACE) {
                    sink.piece(i, j);
                    i = j;
                    continue;
                }
                if (j - 1 > i) {
                    sink.piece(i, j - 1);
                }
                start = j - 1;
                cls = nextCls == MARK ? OTHER : nextCls;
                i = j + Character.charCount(next);
            } else {
                int cp = c < 128 ? c : s.codePointAt(i);
                cls = classOf(cp);
                if (cls == MARK) {
                    cls = OTHER;
                }
                i += Character.charCount(cp);
            }
            if (cls == WHITESPACE) {
                while (i < to) {
                    char d = s.charAt(i);
                    if (d == ' ' || classOf(d < 128 ? d : s.codePointAt(i)) != WHITESPACE) {
                        break;
                    }
                    i += Character.charCount(s.codePointAt(i));
                }
            } else {
                while (i < to) {
                    char d = s.charAt(i);
                    int k;
                    int len = 1;
                    if (d < 128) {
                        k = ASCII[d];
                    } else {
                        int cp = s.codePointAt(i);
                        k = classOf(cp);
                        len = Character.charCount(cp);
                    }
                    if (k != cls && k != MARK) {
                        break;
                    }
                    i += len;
                }
            }
            sink.piece(start, i);
        }
    }

    /**
     * Splits the valid UTF-8 {@code s[from, to)} into the same stretches as {@link #split(String,
     * int, int, Sink)} splits its decoded text, reported as byte ranges: counting pre-tokens needs
     * no String of the text.
     */
    public static void split(byte[] s, int from, int to, Sink sink) {
        int i = from;
        while (i < to) {
            int start = i;
            int c = s[i];
            int cls;
            if (c == ' ') {
                int j = i + 1;
                while (j < to && s[j] == ' ') {
                    j++;
                }
                if (j == to) {
                    sink.piece(i, j);
                    return;
                }
                int d = s[j];
                int nextCls = d >= 0 ? ASCII[d] : classOf(Utf8.codePointAt(s, j));
                if (nextCls == WHITESPACE) {
                    sink.piece(i, j);
                    i = j;
                    continue;
                }
                if (j - 1 > i) {
                    sink.piece(i, j - 1);
                }
                start = j - 1;
                cls = nextCls == MARK ? OTHER : nextCls;
                i = j + Utf8.length(d);
            } else {
                cls = c >= 0 ? ASCII[c] : classOf(Utf8.codePointAt(s, i));
                if (cls == MARK) {
                    cls = OTHER;
                }
                i += Utf8.length(c);
            }
            if (cls == WHITESPACE) {
                while (i < to) {
                    int d = s[i];
                    if (d == ' ' || (d >= 0 ? ASCII[d] : classOf(Utf8.codePointAt(s, i))) != WHITESPACE) {
                        break;
                    }
                    i += Utf8.length(d);
                }
            } else {
                while (i < to) {
                    int d = s[i];
                    int k;
                    int len = 1;
                    if (d >= 0) {
                        k = ASCII[d];
                    } else {
                        k = classOf(Utf8.codePointAt(s, i));
                        len = Utf8.length(d);
                    }
                    if (k != cls && k != MARK) {
                        break;
                    }
                    i += len;
                }
            }
            sink.piece(start, i);
        }
    }
}
