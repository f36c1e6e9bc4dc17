package recur.text;

import java.nio.charset.StandardCharsets;

/**
 * UTF-8 without surprises: encoding that never throws (a lone surrogate becomes U+FFFD, as the JDK
 * does too, but we say so), strict checks, and the display form of byte sequences that are not
 * whole characters ({@code <0xE3>}), the form sentencepiece uses for byte pieces.
 */
public final class Utf8 {
    private Utf8() {}

    /**
     * Index of the first unpaired surrogate in {@code s}, or -1. JSON escapes can produce one
     * ({@code "\ud800"}); it is not text and has no UTF-8 form.
     */
    public static int loneSurrogate(String s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                } else {
                    return i;
                }
            } else if (Character.isLowSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Writes the UTF-8 bytes of {@code s[from, to)} into {@code out} (3 bytes per char always
     * suffice) and returns the count. Lone surrogates are written as U+FFFD.
     */
    static int encode(String s, int from, int to, byte[] out) {
        int k = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                out[k++] = (byte) c;
            } else if (c < 0x800) {
                out[k++] = (byte) (0xC0 | (c >> 6));
                out[k++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < to && Character.isLowSurrogate(s.charAt(i + 1))) {
                    int cp = Character.toCodePoint(c, s.charAt(++i));
                    out[k++] = (byte) (0xF0 | (cp >> 18));
                    out[k++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                    out[k++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                    out[k++] = (byte) (0x80 | (cp & 0x3F));
                } else {
                    out[k++] = (byte) 0xEF;
                    out[k++] = (byte) 0xBF;
                    out[k++] = (byte) 0xBD;
                }
            } else {
                out[k++] = (byte) (0xE0 | (c >> 12));
                out[k++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                out[k++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        return k;
    }

    /** Bytes to text, replacing malformed sequences with U+FFFD (decoding ids that are not from encode). */
    public static String decodeLenient(byte[] b, int n) {
        return new String(b, 0, n, StandardCharsets.UTF_8);
    }

    /**
     * The display form of a byte sequence: whole UTF-8 characters as themselves, every byte that is
     * not part of one as {@code <0xHH>}. Used for token strings of byte-level tokenizers.
     */
    public static String display(byte[] b) {
        StringBuilder sb = null;
        int i = 0;
        while (i < b.length) {
            int len = sequenceLength(b, i);
            if (len > 0) {
                if (sb != null) {
                    sb.append(new String(b, i, len, StandardCharsets.UTF_8));
                }
                i += len;
            } else {
                if (sb == null) {
                    // the whole characters before the first stray byte
                    sb = new StringBuilder(new String(b, 0, i, StandardCharsets.UTF_8));
                }
                sb.append(byteName(b[i]));
                i++;
            }
        }
        return sb == null ? new String(b, StandardCharsets.UTF_8) : sb.toString();
    }

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    /** {@code <0xHH>}: how a byte that is not part of a whole character is shown (hex in capitals). */
    static String byteName(int b) {
        return new String(new char[] {'<', '0', 'x', HEX[(b >> 4) & 0xF], HEX[b & 0xF], '>'});
    }

    /** Length of the well-formed UTF-8 sequence starting at {@code i}, or 0 when there is none. */
    static int sequenceLength(byte[] b, int i) {
        int c = b[i] & 0xFF;
        int len;
        int min;
        if (c < 0x80) {
            return 1;
        } else if (c >= 0xC2 && c <= 0xDF) {
            len = 2;
            min = 0x80;
        } else if (c >= 0xE0 && c <= 0xEF) {
            len = 3;
            min = 0x800;
        } else if (c >= 0xF0 && c <= 0xF4) {
            len = 4;
            min = 0x10000;
        } else {
            return 0;
        }
        if (i + len > b.length) {
            return 0;
        }
        int cp = c & (0x7F >> len);
        for (int k = 1; k < len; k++) {
            int x = b[i + k] & 0xFF;
            if ((x & 0xC0) != 0x80) {
                return 0;
            }
            cp = (cp << 6) | (x & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
            return 0;
        }
        return len;
    }

    /** Length of the UTF-8 sequence whose lead byte is {@code lead}, in valid UTF-8. */
    static int length(int lead) {
        return lead >= 0 ? 1 : (lead & 0xE0) == 0xC0 ? 2 : (lead & 0xF0) == 0xE0 ? 3 : 4;
    }

    /** The code point whose sequence starts at {@code b[i]}, in valid UTF-8. */
    static int codePointAt(byte[] b, int i) {
        int x = b[i];
        if (x >= 0) {
            return x;
        }
        if ((x & 0xE0) == 0xC0) {
            return (x & 0x1F) << 6 | b[i + 1] & 0x3F;
        }
        if ((x & 0xF0) == 0xE0) {
            return (x & 0x0F) << 12 | (b[i + 1] & 0x3F) << 6 | b[i + 2] & 0x3F;
        }
        return (x & 0x07) << 18 | (b[i + 1] & 0x3F) << 12 | (b[i + 2] & 0x3F) << 6 | b[i + 3] & 0x3F;
    }

    /** How many UTF-16 chars the valid UTF-8 {@code b[from, to)} decodes to (String.length() of it). */
    static int utf16Length(byte[] b, int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) {
            int x = b[i];
            // every byte but a continuation byte starts a char; a 4-byte sequence makes two
            n += x >= 0 ? 1 : (x & 0xC0) == 0x80 ? 0 : (x & 0xF8) == 0xF0 ? 2 : 1;
        }
        return n;
    }
}
