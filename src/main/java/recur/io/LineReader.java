package recur.io;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads UTF-8 lines one at a time, decoding each line on its own, so that invalid UTF-8 is
 * reported on the line that holds it and every line before it has already been returned. A
 * line ends at '\n'; a '\r' before it is dropped. Lines may be of any length.
 */
final class LineReader implements Closeable {
    private final InputStream in;
    private final byte[] buf = new byte[1 << 16];
    private int pos;
    private int end;
    private byte[] line = new byte[256];
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);

    LineReader(InputStream in) {
        this.in = in;
    }

    /**
     * The next line without its terminator, or null at the end of input.
     *
     * @throws CharacterCodingException when the line is not valid UTF-8
     */
    String readLine() throws IOException {
        int n = readLineBytes();
        if (n < 0) {
            return null;
        }
        CharBuffer chars = decoder.reset().decode(ByteBuffer.wrap(line, 0, n));
        return chars.toString();
    }

    /**
     * Reads the next line into {@link #bytes()} without decoding it: returns its length in bytes
     * (terminator dropped), or -1 at the end of input. The bytes are not checked; see
     * {@link #checkUtf8}.
     */
    int readLineBytes() throws IOException {
        int n = 0;
        boolean any = false;
        while (true) {
            if (pos == end) {
                end = in.read(buf, 0, buf.length);
                pos = 0;
                if (end <= 0) {
                    end = 0;
                    if (!any) {
                        return -1;
                    }
                    break;
                }
            }
            any = true;
            int start = pos;
            byte[] b = buf;
            int e = end;
            int p = pos;
            while (p < e && b[p] != '\n') {
                p++;
            }
            pos = p;
            int len = pos - start;
            if (n + len > line.length) {
                line = Arrays.copyOf(line, Math.max(line.length * 2, n + len));
            }
            System.arraycopy(buf, start, line, n, len);
            n += len;
            if (pos < end) {
                pos++; // the '\n'
                break;
            }
        }
        if (n > 0 && line[n - 1] == '\r') {
            n--;
        }
        return n;
    }

    /** The buffer {@link #readLineBytes} fills; valid until the next read. */
    byte[] bytes() {
        return line;
    }

    /**
     * Throws when the first {@code n} bytes of {@link #bytes()} are not valid UTF-8, as
     * {@link #readLine} would. Lines of ASCII only are passed by a scan that decodes nothing.
     */
    void checkUtf8(int n) throws CharacterCodingException {
        byte[] b = line;
        for (int i = 0; i < n; i++) {
            if (b[i] < 0) {
                decoder.reset().decode(ByteBuffer.wrap(b, 0, n));
                return;
            }
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
