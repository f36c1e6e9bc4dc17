package recur.text;

import java.text.Normalizer;
import java.util.Locale;

/**
 * What is done to text before it is tokenized: nothing (the default, so round trips are exact),
 * or Unicode NFKC (compatibility forms folded: full-width letters, ligatures, superscripts), and,
 * for word tokenizers, lowercasing. Stored in the model so encoding repeats what learning did.
 */
public record Normalization(boolean nfkc, boolean lowercase) {
    public static final Normalization NONE = new Normalization(false, false);

    public String apply(String text) {
        String s = text;
        if (nfkc && !isAscii(s)) {
            s = Normalizer.normalize(s, Normalizer.Form.NFKC);
        }
        if (lowercase) {
            s = s.toLowerCase(Locale.ROOT);
        }
        return s;
    }

    public boolean isIdentity() {
        return !nfkc && !lowercase;
    }

    /** "none", "nfkc", "lowercase" or "nfkc+lowercase", as stored in the model. */
    public String name() {
        if (nfkc && lowercase) {
            return "nfkc+lowercase";
        }
        return nfkc ? "nfkc" : lowercase ? "lowercase" : "none";
    }

    public static Normalization parse(String name) {
        return switch (name) {
            case "none" -> NONE;
            case "nfkc" -> new Normalization(true, false);
            case "lowercase" -> new Normalization(false, true);
            case "nfkc+lowercase" -> new Normalization(true, true);
            default -> throw new IllegalArgumentException("unknown normalisation " + name);
        };
    }

    /** ASCII text is its own NFKC form; checking is much cheaper than normalising. */
    private static boolean isAscii(String s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            if (s.charAt(i) >= 128) {
                return false;
            }
        }
        return true;
    }
}
