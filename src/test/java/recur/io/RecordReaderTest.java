package recur.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordReaderTest {
    @TempDir
    Path dir;

    private List<Record> readAll(RecordReader r) {
        List<Record> out = new ArrayList<>();
        r.forEachRemaining(out::add);
        return out;
    }

    private Path write(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, content, StandardCharsets.UTF_8);
        return p;
    }

    @Test
    void jsonlKeepsFieldsAndLineNumbers() throws IOException {
        Path p = write("a.jsonl", "{\"text\":\"hi\",\"id\":7}\n\n{\"text\":\"yo\"}\n");
        List<Record> rs = readAll(RecordReader.of(List.of(p.toString())));
        assertEquals(2, rs.size());
        assertEquals("hi", rs.get(0).text("text"));
        assertEquals(7, rs.get(0).node().get("id").asInt());
        assertEquals(p + ":3", rs.get(1).where());
    }

    @Test
    void plainTextBecomesTextRecordsIncludingBlankLines() throws IOException {
        Path p = write("a.txt", "first line\n\nthird\r\n");
        List<Record> rs = readAll(RecordReader.of(List.of(p.toString())));
        assertEquals(List.of("first line", "", "third"), rs.stream().map(r -> r.text("text")).toList());
    }

    @Test
    void badJsonNamesFileAndLine() throws IOException {
        Path p = write("b.jsonl", "{\"text\":\"ok\"}\n{\"text\": oops}\n");
        RecordReader r = RecordReader.of(List.of(p.toString()));
        r.next();
        BadInputException e = assertThrows(BadInputException.class, r::next);
        assertEquals(p + ":2:10", e.where());
        assertTrue(e.getMessage().endsWith("not valid JSON: expected a value (a string in double quotes, a number, an object,"
                + " an array, true, false or null), got 'oops'"), e.getMessage());
    }

    @Test
    void aLineIsExactlyOneObjectAndAByteOrderMarkIsSkipped() throws IOException {
        Path p = write("d.jsonl", "\uFEFF{\"text\":\"a\"}\n{\"text\":\"b\"}{\"text\":\"c\"}\n{\"text\":\"d\"}  \n{\"text\":\"e\"} x\n");
        RecordReader r = new RecordReader(List.of(p.toString()), InputFormat.AUTO, "text", true);
        assertEquals("a", r.next().text("text"));
        assertEquals("d", r.next().text("text"));
        assertTrue(!r.hasNext());
        assertEquals(2, r.skipped());
        assertEquals("skipped 2 bad records; the first: " + p + ":2:13: a second JSON object on the line;"
                + " each line holds exactly one object", r.skippedSummary());
    }

    @Test
    void wrongFieldTypeNamesTheField() throws IOException {
        Path p = write("c.jsonl", "{\"text\": 3}\n");
        Record r = RecordReader.of(List.of(p.toString())).next();
        BadInputException e = assertThrows(BadInputException.class, () -> r.text("text"));
        assertEquals(p + ":1: field \"text\" must be a string, got number", e.getMessage());
    }

    @Test
    void skipBadCountsAndContinues() throws IOException {
        Path p = write("d.jsonl", "{\"text\":\"a\"}\n[1,2]\nnot json\n{\"text\":\"b\"}\n");
        RecordReader r = new RecordReader(List.of(p.toString()), InputFormat.AUTO, "text", true);
        assertEquals(2, readAll(r).size());
        assertEquals(2, r.skipped());
    }

    @Test
    void invalidUtf8IsBadInputWithLine() throws IOException {
        Path p = dir.resolve("e.txt");
        Files.write(p, new byte[] {'o', 'k', '\n', 'f', 'i', 'n', 'e', '\n', (byte) 0xff, (byte) 0xfe, '\n', 'x', '\n'});
        RecordReader r = RecordReader.of(List.of(p.toString()));
        assertEquals("ok", r.next().text("text"));
        assertEquals("fine", r.next().text("text"));
        BadInputException e = assertThrows(BadInputException.class, r::next);
        assertEquals(p + ":3: invalid UTF-8", e.getMessage());
        RecordReader skipping = new RecordReader(List.of(p.toString()), InputFormat.AUTO, "text", true);
        assertEquals(List.of("ok", "fine", "x"), readAll(skipping).stream().map(x -> x.text("text")).toList());
    }

    @Test
    void compressedInputIsRecognisedByMagicBytes() throws IOException {
        String text = "{\"text\":\"one\"}\n{\"text\":\"two\"}\n";
        List<String> expected = readAll(RecordReader.of(List.of(write("plain.jsonl", text).toString())))
                .stream().map(r -> r.text("text")).toList();
        for (String kind : List.of("gz", "bz2", "xz")) {
            Path p = dir.resolve("misleading-name-" + kind + ".txt");
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (OutputStream out = switch (kind) {
                case "gz" -> new GZIPOutputStream(bytes);
                case "bz2" -> new BZip2CompressorOutputStream(bytes);
                default -> new XZCompressorOutputStream(bytes);
            }) {
                out.write(text.getBytes(StandardCharsets.UTF_8));
            }
            Files.write(p, bytes.toByteArray());
            List<String> got = readAll(RecordReader.of(List.of(p.toString()))).stream().map(r -> r.text("text")).toList();
            assertEquals(expected, got, kind);
        }
    }

    @Test
    void formatTextReadsBracesAsText() throws IOException {
        Path p = write("f.txt", "{not json}\n");
        RecordReader r = new RecordReader(List.of(p.toString()), InputFormat.TEXT, "line", false);
        assertEquals("{not json}", r.next().text("line"));
        assertFalse(r.hasNext());
    }
}
