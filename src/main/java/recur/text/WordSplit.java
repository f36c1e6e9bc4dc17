package recur.text;

/**
 * How the word tokenizer cuts text. {@link #WHITESPACE}: at whitespace only, for corpora that are
 * already tokenized (Penn Treebank). {@link #UNICODE}: words and punctuation apart — a word is a
 * run of letters, combining marks, digits and {@code _}, keeping an apostrophe, period or comma
 * that sits between two of them ({@code don't}, {@code 3.14}, {@code 1,000}); every other
 * non-space character (punctuation, symbol, emoji) is a token of its own. Whitespace and control
 * characters separate tokens and are dropped.
 */
public enum WordSplit {
    WHITESPACE,
    UNICODE;

    /** Receives the token {@code s[from, to)}. */
    @FunctionalInterface
    public interface Sink {
        void word(String s, int from, int to);
    }

    public void split(String s, int from, int to, Sink sink) {
        if (this == WHITESPACE) {
            splitWhitespace(s, from, to, sink);
        } else {
            splitUnicode(s, from, to, sink);
        }
    }

    private static boolean isSpace(int cp) {
        return Character.isWhitespace(cp) || Character.isSpaceChar(cp) || Character.getType(cp) == Character.CONTROL;
    }

    private static void splitWhitespace(String s, int from, int to, Sink sink) {
        int i = from;
        while (i < to) {
            int cp = s.codePointAt(i);
            if (isSpace(cp)) {
                i += Character.charCount(cp);
                continue;
            }
            int start = i;
            while (i < to) {
                cp = s.codePointAt(i);
                if (isSpace(cp)) {
                    break;
                }
                i += Character.charCount(cp);
            }
            sink.word(s, start, i);
        }
    }

    private static boolean isWordChar(int cp) {
        if (cp < 128) {
            return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9') || cp == '_';
        }
        return switch (Character.getType(cp)) {
            case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
                    Character.MODIFIER_LETTER, Character.OTHER_LETTER, Character.NON_SPACING_MARK,
                    Character.COMBINING_SPACING_MARK, Character.ENCLOSING_MARK, Character.DECIMAL_DIGIT_NUMBER,
                    Character.LETTER_NUMBER, Character.OTHER_NUMBER, Character.CONNECTOR_PUNCTUATION -> true;
            default -> false;
        };
    }

    private static boolean isJoiner(int cp) {
        return cp == '\'' || cp == '\u2019' || cp == '.' || cp == ',';
    }

    private static void splitUnicode(String s, int from, int to, Sink sink) {
        int i = from;
        while (i < to) {
            int cp = s.codePointAt(i);
            int len = Character.charCount(cp);
            if (isSpace(cp)) {
                i += len;
                continue;
            }
            int start = i;
            i += len;
            if (!isWordChar(cp)) {
                // a punctuation mark keeps the combining marks that follow it
                while (i < to && Character.getType(s.codePointAt(i)) == Character.NON_SPACING_MARK) {
                    i += Character.charCount(s.codePointAt(i));
                }
                sink.word(s, start, i);
                continue;
            }
            while (i < to) {
                int c = s.codePointAt(i);
                if (isWordChar(c)) {
                    i += Character.charCount(c);
                } else if (isJoiner(c) && i + 1 < to && isWordChar(s.codePointAt(i + 1))) {
                    i += 1 + Character.charCount(s.codePointAt(i + 1));
                } else {
                    break;
                }
            }
            sink.word(s, start, i);
        }
    }
}
