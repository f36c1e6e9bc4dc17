package recur.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The few Python string operations sacrebleu's metrics rest on, with Python's meaning: which
 * characters are white space for {@code str.split()} and {@code str.rstrip()} (a wider set than
 * Java's), lowercasing, and lengths in code points rather than UTF-16 units.
 */
final class PyText {
    private PyText() {}

    /** Python's {@code str.isspace()} for one code point. */
    static boolean isSpace(int c) {
        if (c <= 0x20) {
            return c == 0x20 || (c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x1f);
        }
        return c == 0x85 || c == 0xa0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200a)
                || c == 0x2028 || c == 0x2029 || c == 0x202f || c == 0x205f || c == 0x3000;
    }

    /** {@code s.split()}: the runs of non-space characters. */
    static List<String> split(String s) {
        List<String> out = new ArrayList<>();
        int n = s.length();
        int i = 0;
        while (i < n) {
            while (i < n && isSpace(s.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < n && !isSpace(s.charAt(i))) {
                i++;
            }
            if (i > start) {
                out.add(s.substring(start, i));
            }
        }
        return out;
    }

    /** {@code ''.join(s.split())}: the string without its white space. */
    static String removeSpace(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!isSpace(c)) {
                b.append(c);
            }
        }
        return b.toString();
    }

    /** {@code s.rstrip()}. */
    static String rstrip(String s) {
        int end = s.length();
        while (end > 0 && isSpace(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end);
    }

    /** {@code s.lower()}: full case mapping, final sigma included, no locale. */
    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    /** {@code len(s)}: code points. */
    static int length(String s) {
        return s.codePointCount(0, s.length());
    }
}
