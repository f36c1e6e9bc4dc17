package recur.model.word2vec;

/**
 * How a token becomes a vocabulary word. Every vector file format separates a word from its
 * values by whitespace, so a word must hold none: a token with whitespace inside (a BPE piece
 * such as {@code " the"} from recur tokenize, or a phrase) has each whitespace character replaced
 * by {@value #MARK} (U+2581, sentencepiece's word-boundary mark), so {@code " the"} is the word
 * {@code "▁the"}. Training, lookups and the exporters all go through {@link #of}, so a piece finds
 * its vector and every exported file reads back.
 */
public final class Words {
    /** What stands for a whitespace character inside a word. */
    public static final char MARK = '\u2581';

    private Words() {}

    /** The word for a token: the token itself unless it holds whitespace. */
    public static String of(String token) {
        int k = 0;
        while (k < token.length() && !Character.isWhitespace(token.charAt(k))) {
            k++;
        }
        if (k == token.length()) {
            return token;
        }
        char[] c = token.toCharArray();
        for (int i = k; i < c.length; i++) {
            if (Character.isWhitespace(c[i])) {
                c[i] = MARK;
            }
        }
        return new String(c);
    }
}
