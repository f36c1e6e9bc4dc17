package recur.model.glove;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import recur.model.word2vec.Corpus;

/**
 * The whole of GloVe over a corpus: count the co-occurrences, shuffle them into a temporary
 * file, train, and delete the temporary files whatever happens.
 */
public final class Glove {
    /** What a run produced: the saved vectors (V × width), the training run and the counting stats. */
    public record Result(float[] vectors, int width, GloveTrainer.Run run, CooccurrenceCounter.Stats counts) {}

    /** Hears about the counting stage as well as training. */
    public interface Listener extends GloveTrainer.Listener {
        void counted(CooccurrenceCounter.Stats stats, double seconds);
    }

    private Glove() {}

    public static Result train(Corpus corpus, GloveParams p, Path tmpDir, Listener listener, BooleanSupplier stop)
            throws IOException, InterruptedException {
        if (corpus.words.length == 0) {
            throw new IllegalArgumentException("no word occurs at least --min-count times; nothing to train");
        }
        GloveTrainer trainer = new GloveTrainer(corpus.words.length, p);
        Path entries = Files.createTempFile(tmpDir, "recur-glove-entries", ".bin");
        try (EntryShuffler shuffler = new EntryShuffler(p.memory(), p.seed() ^ 0x5DEECE66DL, tmpDir)) {
            long t0 = System.nanoTime();
            CooccurrenceCounter.Stats stats = new CooccurrenceCounter(p.window(), p.symmetric(), p.memory(), tmpDir)
                    .count(corpus, shuffler);
            long count = shuffler.finish(entries);
            if (listener != null) {
                listener.counted(stats, (System.nanoTime() - t0) / 1e9);
            }
            if (count == 0) {
                throw new IllegalArgumentException("no two words of the vocabulary occur within --window of each other; nothing to train");
            }
            GloveTrainer.Run run = trainer.train(entries, count, listener, stop);
            return new Result(trainer.vectors(p.output()), trainer.width(p.output()), run, stats);
        } finally {
            Entries.delete(entries);
        }
    }
}
