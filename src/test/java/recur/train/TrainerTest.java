package recur.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import recur.io.Json;
import recur.model.LanguageModel;
import recur.model.LmArchitecture;
import recur.model.LmFile;
import recur.model.LmVocabulary;
import recur.model.RecurrentLm;
import recur.optim.Adam;
import recur.optim.LrSchedule;
import recur.optim.Optimizer;
import recur.optim.PlateauDecay;

/** Interrupting training mid-epoch and resuming from the checkpoint ends with the same weights. */
class TrainerTest {
    @TempDir
    Path dir;

    @AfterEach
    void clearSignal() {
        StopSignal.clear();
    }

    private static final Trainer.Settings SETTINGS = new Trainer.Settings(2, 0.5, 0, 0, 0, 5);
    private static final LmTask.Shape SHAPE = new LmTask.Shape(4, 12, 4, true);

    private int[] stream(LmVocabulary v) throws IOException {
        List<String> lines = Files.readAllLines(Path.of("testdata/shakespeare/train.txt")).subList(0, 60);
        List<Integer> ids = new ArrayList<>();
        for (String l : lines) {
            for (int id : v.encodeLine(l)) {
                ids.add(id);
            }
        }
        return ids.stream().mapToInt(Integer::intValue).toArray();
    }

    private LmVocabulary vocab() throws IOException {
        Map<String, Long> counts = new HashMap<>();
        for (String l : Files.readAllLines(Path.of("testdata/shakespeare/train.txt")).subList(0, 60)) {
            LmVocabulary.count(LmVocabulary.Level.CHAR, l, counts);
        }
        return LmVocabulary.build(LmVocabulary.Level.CHAR, counts, 1, 0);
    }

    private RecurrentLm model(int vocab) {
        RecurrentLm m = new RecurrentLm(new LmArchitecture("gru", vocab, 8, 12, 2, 0.1f, false, 0, 0));
        m.init(new SplittableRandom(3), true, 1f);
        return m;
    }

    /** Runs training; when stopAt > 0 a stop is requested at that step, as SIGINT would. */
    private Trainer.Position run(LanguageModel m, LmVocabulary v, int[] data, Path out, int stopAt,
                                 LmFile.Loaded resumeFrom, List<ObjectNode> records) {
        Optimizer opt = Adam.adam(0.9, 0.999, 1e-8, 0);
        LrSchedule sched = new PlateauDecay(0.01, 4, 0, 0);
        LmTask task = new LmTask(m, data, data, SHAPE);
        Trainer.Position at = resumeFrom == null ? new Trainer.Position()
                : Checkpoints.restore(resumeFrom.archive(), out, opt, sched, task.carried());
        Checkpoints files = new Checkpoints(out, Path.of(out + ".ckpt"), LmFile.contents(m, v), Json.MAPPER.createObjectNode(), null);
        Trainer.Listener listener = new Trainer.Listener() {
            @Override
            public void progress(Trainer.Position p, int epochs, int windows, double loss, double lr, double tps) {
                if (p.step == stopAt) {
                    StopSignal.request();
                }
            }

            @Override
            public void record(ObjectNode metrics) {
                records.add(metrics);
            }

            @Override
            public void note(String message) {}
        };
        return new Trainer(task, opt, sched, SETTINGS, files, listener).train(at);
    }

    @Test
    void resumeAfterAnInterruptionMidEpochEqualsAnUninterruptedRun() throws IOException {
        LmVocabulary v = vocab();
        int[] data = stream(v);
        List<ObjectNode> straightRecords = new ArrayList<>();
        RecurrentLm straight = model(v.size());
        run(straight, v, data, dir.resolve("a.lm"), 0, null, straightRecords);

        RecurrentLm interrupted = model(v.size());
        Path out = dir.resolve("b.lm");
        int windows = new BpttBatches(data, SHAPE.batch(), SHAPE.bptt()).windows();
        int stopAt = windows + windows / 2; // in the middle of the second epoch
        assertThrows(TrainingInterrupted.class, () -> run(interrupted, v, data, out, stopAt, null, new ArrayList<>()));
        StopSignal.clear();
        LmFile.Loaded loaded = LmFile.load(Path.of(out + ".ckpt"));
        List<ObjectNode> resumedRecords = new ArrayList<>();
        Trainer.Position end = run(loaded.model(), v, data, out, 0, loaded, resumedRecords);

        assertEquals(2L * windows, end.step);
        assertArrayEquals(straight.params().values(), loaded.model().params().values());
        assertEquals(straightRecords.get(1).get("valid_loss"), resumedRecords.get(0).get("valid_loss"));
        assertTrue(straightRecords.get(1).get("valid_loss").asDouble() < straightRecords.get(0).get("valid_loss").asDouble());
    }
}
