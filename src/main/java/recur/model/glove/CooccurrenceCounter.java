package recur.model.glove;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import recur.model.word2vec.Corpus;

/**
 * Counts co-occurrences as Stanford's {@code cooccur} does: within each sentence, every pair of
 * words at distance d ≤ W adds 1/d to X[left][right], and with a symmetric window also to
 * X[right][left]. The sums live in a {@link CooccurrenceTable} as large as the memory budget;
 * when it fills, it is written out as a run sorted by (i, j) and emptied. At the end the runs
 * (and what is left in the table) are merged, equal pairs summed, into one stream in (i, j) order.
 * So a corpus whose co-occurrences exceed memory still counts, at the price of temporary files
 * about 16 bytes per entry per run.
 */
public final class CooccurrenceCounter {
    /** What counting produced besides the entries. */
    public record Stats(long entries, int runs) {}

    private final int window;
    private final boolean symmetric;
    private final long memory;
    private final Path tmpDir;

    public CooccurrenceCounter(int window, boolean symmetric, long memory, Path tmpDir) {
        this.window = window;
        this.symmetric = symmetric;
        this.memory = memory;
        this.tmpDir = tmpDir;
    }

    /** Counts the corpus and gives the summed entries to {@code sink} in (i, j) order. */
    public Stats count(Corpus corpus, Entries.Sink sink) throws IOException {
        CooccurrenceTable table = new CooccurrenceTable(memory);
        List<Path> runs = new ArrayList<>();
        try {
            int[] ids = corpus.ids;
            int[] starts = corpus.starts;
            for (int s = 0; s < corpus.sentences(); s++) {
                int begin = starts[s];
                int end = starts[s + 1];
                for (int pos = begin; pos < end; pos++) {
                    int right = ids[pos];
                    for (int k = pos - 1; k >= Math.max(begin, pos - window); k--) {
                        // two new pairs at most: make room first so add never overflows
                        if (table.full()) {
                            runs.add(spill(table));
                        }
                        int left = ids[k];
                        double w = 1.0 / (pos - k);
                        table.add(left, right, w);
                        if (symmetric) {
                            table.add(right, left, w);
                        }
                    }
                }
            }
            long[] count = new long[1];
            Entries.Sink counted = (i, j, x) -> {
                count[0]++;
                sink.accept(i, j, x);
            };
            if (runs.isEmpty()) {
                table.drainSorted(counted);
            } else {
                runs.add(spill(table));
                table = null;
                merge(runs, counted);
            }
            return new Stats(count[0], runs.size());
        } finally {
            for (Path p : runs) {
                Entries.delete(p);
            }
        }
    }

    private Path spill(CooccurrenceTable table) throws IOException {
        Path run = Files.createTempFile(tmpDir, "recur-glove-run", ".bin");
        try (Entries.Writer w = new Entries.Writer(run)) {
            table.drainSorted(w);
        }
        return run;
    }

    /** Merges sorted runs, summing the entries of a pair that several runs hold. */
    private static void merge(List<Path> runs, Entries.Sink sink) throws IOException {
        PriorityQueue<Entries.Reader> heads = new PriorityQueue<>(runs.size(),
                (a, b) -> Long.compare(CooccurrenceTable.key(a.i, a.j), CooccurrenceTable.key(b.i, b.j)));
        List<Entries.Reader> open = new ArrayList<>();
        try {
            for (Path p : runs) {
                Entries.Reader r = new Entries.Reader(p, 1 << 15);
                open.add(r);
                if (r.next()) {
                    heads.add(r);
                }
            }
            while (!heads.isEmpty()) {
                Entries.Reader r = heads.poll();
                int i = r.i;
                int j = r.j;
                double x = r.x;
                if (r.next()) {
                    heads.add(r);
                }
                while (!heads.isEmpty() && heads.peek().i == i && heads.peek().j == j) {
                    Entries.Reader same = heads.poll();
                    x += same.x;
                    if (same.next()) {
                        heads.add(same);
                    }
                }
                sink.accept(i, j, x);
            }
        } finally {
            for (Entries.Reader r : open) {
                r.close();
            }
        }
    }
}
