package recur.model.word2vec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import recur.io.BadInputException;

class VectorFormatsTest {
    static final Path FIXTURE = Path.of("testdata/embed/tiny.w2v.bin");
    static final String[] WORDS = {"the", "café", "x"};
    static final float[] VECS = {0.5f, -1.25f, 2.0f, 0.0f, 1e-3f, -3.5f, 0.25f, 100.0f, -0.0f, 7.0f, -2.5f, 0.125f};

    static Embeddings tiny() {
        return new Embeddings(WORDS, null, 4, VECS.clone(), null, null);
    }

    @Test
    void binaryMatchesTheCommittedFixtureByteForByte() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        VectorFormats.writeBinary(tiny(), out);
        assertArrayEquals(Files.readAllBytes(FIXTURE), out.toByteArray());
    }

    @Test
    void binaryFixtureReadsBack() throws Exception {
        VectorFormats.Loaded l = VectorFormats.readBinary(Files.newInputStream(FIXTURE), "tiny");
        assertArrayEquals(WORDS, l.words());
        assertEquals(4, l.dim());
        assertArrayEquals(VECS, l.vectors());
    }

    @Test
    void textFixtureFromPythonReprReadsToTheSameFloats() throws Exception {
        VectorFormats.Loaded l = VectorFormats.readText(Files.newInputStream(Path.of("testdata/embed/tiny.w2v.txt")), "tiny");
        assertArrayEquals(WORDS, l.words());
        assertArrayEquals(VECS, l.vectors());
    }

    @Test
    void textRoundTripIsExactForArbitraryFloats() throws Exception {
        java.util.SplittableRandom r = new java.util.SplittableRandom(9);
        float[] v = new float[50 * 7];
        String[] w = new String[50];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (r.nextGaussian() * Math.pow(10, r.nextInt(-8, 8)));
        }
        for (int i = 0; i < w.length; i++) {
            w[i] = "w" + i;
        }
        Embeddings e = new Embeddings(w, null, 7, v, null, null);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        VectorFormats.writeText(e, out);
        VectorFormats.Loaded l = VectorFormats.readText(new ByteArrayInputStream(out.toByteArray()), "t");
        assertArrayEquals(w, l.words());
        assertArrayEquals(v, l.vectors());
        out.reset();
        VectorFormats.writeBinary(e, out);
        assertArrayEquals(v, VectorFormats.readBinary(new ByteArrayInputStream(out.toByteArray()), "b").vectors());
    }

    @Test
    void gensimBinaryWithoutNewlinesAndGloveWithoutHeaderAreRead() throws Exception {
        byte[] fixture = Files.readAllBytes(FIXTURE);
        ByteArrayOutputStream noNl = new ByteArrayOutputStream();
        // drop the newline after each vector, as gensim writes
        String header = "3 4\n";
        noNl.write(header.getBytes(StandardCharsets.US_ASCII));
        int p = header.length();
        for (String w : WORDS) {
            int len = w.getBytes(StandardCharsets.UTF_8).length + 1 + 16;
            noNl.write(fixture, p, len);
            p += len + 1;
        }
        assertArrayEquals(VECS, VectorFormats.readBinary(new ByteArrayInputStream(noNl.toByteArray()), "g").vectors());
        String glove = "a 1 2\nb 3 4\n";
        VectorFormats.Loaded l = VectorFormats.readText(new ByteArrayInputStream(glove.getBytes(StandardCharsets.UTF_8)), "g");
        assertEquals(2, l.dim());
        assertArrayEquals(new float[] {1, 2, 3, 4}, l.vectors());
    }

    @Test
    void badTextNamesTheLine() {
        String bad = "2 3\na 1 2 3\nb 1 x 3\n";
        BadInputException e = assertThrows(BadInputException.class,
                () -> VectorFormats.readText(new ByteArrayInputStream(bad.getBytes(StandardCharsets.UTF_8)), "v.txt"));
        assertTrue(e.getMessage().startsWith("v.txt:3: "), e.getMessage());
    }

    @Test
    void truncatedBinaryIsBadInput() throws Exception {
        byte[] fixture = Files.readAllBytes(FIXTURE);
        byte[] cut = java.util.Arrays.copyOf(fixture, fixture.length - 10);
        assertThrows(BadInputException.class, () -> VectorFormats.readBinary(new ByteArrayInputStream(cut), "cut"));
    }

    @Test
    void modelFileRoundTripKeepsEverything(@TempDir Path dir) throws Exception {
        Path m = dir.resolve("e.model");
        Embeddings e = new Embeddings(WORDS, new long[] {5, 3, 1}, 4, VECS.clone(), new Subwords(2, 3, 11), new float[44]);
        e.save(m, null);
        Embeddings back = Embeddings.load(m);
        assertArrayEquals(WORDS, back.words());
        assertArrayEquals(new long[] {5, 3, 1}, back.counts());
        assertArrayEquals(VECS, back.vectors());
        assertEquals(11, back.subwords().buckets);
    }
}
