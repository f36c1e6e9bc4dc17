package recur.eval;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The tokenizations sacrebleu applies before counting BLEU's word n-grams, by their signature
 * names. Each returns the line with its tokens separated by single spaces.
 */
public enum MtTokenizer {
    /** mteval-v13a, WMT's standard and sacrebleu's default: ASCII punctuation split off. */
    THIRTEEN_A("13a") {
        @Override
        public String apply(String line) {
            String s = line.replace("<skipped>", "").replace("-\n", "").replace("\n", " ");
            if (s.indexOf('&') >= 0) {
                s = s.replace("&quot;", "\"").replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">");
            }
            s = " " + s + " ";
            s = SYMBOLS.matcher(s).replaceAll(" $1 ");
            // a period or comma is split off unless it sits between digits (3,000.50)
            s = POINT_AFTER_NON_DIGIT.matcher(s).replaceAll("$1 $2 ");
            s = POINT_BEFORE_NON_DIGIT.matcher(s).replaceAll(" $1 $2");
            s = DASH_AFTER_DIGIT.matcher(s).replaceAll("$1 $2 ");
            return join(s);
        }
    },
    /** No tokenization: white space only. */
    NONE("none") {
        @Override
        public String apply(String line) {
            return line;
        }
    },
    /** mteval-v14 international: Unicode punctuation split off unless between digits, symbols always. */
    INTL("intl") {
        @Override
        public String apply(String line) {
            String s = PUNCT_AFTER_NON_NUMBER.matcher(line).replaceAll("$1 $2 ");
            s = PUNCT_BEFORE_NON_NUMBER.matcher(s).replaceAll(" $1 $2");
            s = SYMBOL.matcher(s).replaceAll(" $1 ");
            return join(s);
        }
    },
    /** Every character a token (languages written without spaces). */
    CHAR("char") {
        @Override
        public String apply(String line) {
            StringBuilder b = new StringBuilder(2 * line.length());
            line.codePoints().forEach(c -> {
                if (!b.isEmpty()) {
                    b.append(' ');
                }
                b.appendCodePoint(c);
            });
            return b.toString();
        }
    };

    // {|}~ [\]^_` space !"#$%& ()*+ :;<=>?@ /  -- the ranges of mteval-v13a's language-dependent part
    private static final Pattern SYMBOLS = Pattern.compile("([{|}~\\[\\\\\\]^_` !\"#$%&()*+:;<=>?@/])");
    private static final Pattern POINT_AFTER_NON_DIGIT = Pattern.compile("([^0-9])([.,])");
    private static final Pattern POINT_BEFORE_NON_DIGIT = Pattern.compile("([.,])([^0-9])");
    private static final Pattern DASH_AFTER_DIGIT = Pattern.compile("([0-9])(-)");
    private static final Pattern PUNCT_AFTER_NON_NUMBER = Pattern.compile("(\\P{N})(\\p{P})");
    private static final Pattern PUNCT_BEFORE_NON_NUMBER = Pattern.compile("(\\p{P})(\\P{N})");
    private static final Pattern SYMBOL = Pattern.compile("(\\p{S})");

    private final String signature;

    MtTokenizer(String signature) {
        this.signature = signature;
    }

    /** The tokenized line. */
    public abstract String apply(String line);

    /** The name in sacrebleu's signature ({@code tok:13a}) and on the command line. */
    public String signature() {
        return signature;
    }

    /** The tokenizer named {@code 13a}, {@code none}, {@code intl} or {@code char}. */
    public static MtTokenizer of(String name) {
        for (MtTokenizer t : values()) {
            if (t.signature.equals(name.toLowerCase(Locale.ROOT))) {
                return t;
            }
        }
        throw new IllegalArgumentException("--tokenize must be 13a, none, intl or char, got " + name);
    }

    private static String join(String s) {
        return String.join(" ", PyText.split(s));
    }
}
