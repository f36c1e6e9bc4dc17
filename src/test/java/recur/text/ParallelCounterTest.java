package recur.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Counting on worker threads happens, and gives the model counting on one thread gives. */
class ParallelCounterTest {
    private static List<String> corpus() {
        SplittableRandom rnd = new SplittableRandom(7);
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 6000; i++) {
            texts.add(RandomText.string(rnd, 1 + rnd.nextInt(12)));
        }
        return texts;
    }

    private static ParallelCounter count(String kind, int threads, List<String> texts) throws InterruptedException {
        ParallelCounter c = new ParallelCounter(TokenizerLearner.Config.of(kind, kind.equals("bpe") ? 600 : 0), threads);
        for (String t : texts) {
            c.add(t);
        }
        return c;
    }

    @Test
    void workersCountWhenThereAreThreadsAndTheModelIsTheSame() throws InterruptedException {
        List<String> texts = corpus();
        for (String kind : List.of("bpe", "char", "word")) {
            ParallelCounter one = count(kind, 1, texts);
            TokenizerLearner l1 = one.finish();
            assertEquals(0, one.workers(), "one thread counts where it reads");
            ParallelCounter three = count(kind, 3, texts);
            TokenizerLearner l3 = three.finish();
            // 6000 texts are 12 batches: the pool's threads took them, none was counted on the reading thread
            assertTrue(three.workers() >= 1, kind + ": no worker counted");
            assertEquals(texts.size(), l3.texts());
            assertEquals(l1.chars(), l3.chars());
            assertEquals(l1.distinct(), l3.distinct(), kind);
            assertEquals(l1.finish(m -> { }).toJson(), l3.finish(m -> { }).toJson(), kind);
        }
    }

    @Test
    void anyNumberOfThreadsGivesTheSameBpeModel() throws InterruptedException {
        List<String> texts = corpus();
        var want = count("bpe", 1, texts).finish().finish(m -> { }).toJson();
        for (int threads : new int[] {2, 4, 7}) {
            assertEquals(want, count("bpe", threads, texts).finish().finish(m -> { }).toJson(), threads + " threads");
        }
    }
}
