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
        int n = 0;
        boolean any = false;
        while (true) {
            if (pos == end) {
                end = in.read(buf, 0, buf.length);
                pos = 0;
                if (end <= 0) {
                    end = 0;
                    if (!any) {
                        return null;
                    }
                    break;
                }
            }
            any = true;
            int start = pos;
            while (pos < end && buf[pos] != '\n') {
                pos++;
            }
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
        CharBuffer chars = decoder.reset().decode(ByteBuffer.wrap(line, 0, n));
        return chars.toString();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
