package recur.model.glove;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Shuffles co-occurrence entries into a file as Stanford's {@code shuffle} does, in memory
 * bounded by a budget: entries fill a buffer of that size; each full buffer is shuffled and
 * written as a chunk. One chunk is the result as it is; several are then mixed by reading an
 * equal share of the buffer from each chunk in turn, shuffling that and appending it to the
 * result. Training reads the result in order, so sorted entries (all of one word together) never
 * reach the optimiser in a row. The order depends only on the seed and the entries.
 */
public final class EntryShuffler implements Entries.Sink, AutoCloseable {
    private final int capacity;
    private int[] is;
    private int[] js;
    private double[] xs;
    private final SplittableRandom rnd;
    private final Path tmpDir;
    private final List<Path> chunks = new ArrayList<>();
    private int n;
    private long total;

    public EntryShuffler(long memory, long seed, Path tmpDir) {
        this.capacity = (int) Math.max(4, Math.min(1 << 28, memory / GloveParams.ENTRY_BYTES));
        int first = Math.min(capacity, 1 << 16);
        this.is = new int[first];
        this.js = new int[first];
        this.xs = new double[first];
        this.rnd = new SplittableRandom(seed);
        this.tmpDir = tmpDir;
    }

    @Override
    public void accept(int i, int j, double x) throws IOException {
        if (n == capacity) {
            chunks.add(writeChunk());
        } else if (n == is.length) {
            // grow towards the budget, so a small corpus takes little memory
            int cap = (int) Math.min(capacity, 2L * n);
            is = java.util.Arrays.copyOf(is, cap);
            js = java.util.Arrays.copyOf(js, cap);
            xs = java.util.Arrays.copyOf(xs, cap);
        }
        is[n] = i;
        js[n] = j;
        xs[n] = x;
        n++;
        total++;
    }

    /** Writes the shuffled entries to {@code out} and returns how many there are. */
    public long finish(Path out) throws IOException {
        if (chunks.isEmpty()) {
            shuffle(n);
            write(out, n);
            n = 0;
            return total;
        }
        chunks.add(writeChunk());
        int share = Math.max(1, capacity / chunks.size());
        List<Entries.Reader> readers = new ArrayList<>();
        try (Entries.Writer w = new Entries.Writer(out)) {
            for (Path c : chunks) {
                readers.add(new Entries.Reader(c, 1 << 15));
            }
            while (true) {
                n = 0;
                for (Entries.Reader r : readers) {
                    for (int k = 0; k < share && r.next(); k++) {
                        is[n] = r.i;
                        js[n] = r.j;
                        xs[n] = r.x;
                        n++;
                    }
                }
                if (n == 0) {
                    break;
                }
                shuffle(n);
                for (int k = 0; k < n; k++) {
                    w.accept(is[k], js[k], xs[k]);
                }
            }
        } finally {
            for (Entries.Reader r : readers) {
                r.close();
            }
            close();
        }
        return total;
    }

    /** Deletes the chunk files. */
    @Override
    public void close() {
        for (Path c : chunks) {
            Entries.delete(c);
        }
    }

    private Path writeChunk() throws IOException {
        shuffle(n);
        Path c = Files.createTempFile(tmpDir, "recur-glove-chunk", ".bin");
        write(c, n);
        n = 0;
        return c;
    }

    private void write(Path file, int count) throws IOException {
        try (Entries.Writer w = new Entries.Writer(file)) {
            for (int k = 0; k < count; k++) {
                w.accept(is[k], js[k], xs[k]);
            }
        }
    }

    /** Fisher–Yates over the first m entries. */
    private void shuffle(int m) {
        for (int a = m - 1; a > 0; a--) {
            int b = rnd.nextInt(a + 1);
            int ti = is[a];
            is[a] = is[b];
            is[b] = ti;
            int tj = js[a];
            js[a] = js[b];
            js[b] = tj;
            double tx = xs[a];
            xs[a] = xs[b];
            xs[b] = tx;
        }
    }
}
