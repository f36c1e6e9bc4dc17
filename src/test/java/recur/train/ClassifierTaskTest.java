package recur.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import recur.io.InputFormat;
import recur.io.Json;
import recur.io.RecordReader;
import recur.model.ModelFile;
import recur.model.classify.ClassifierFile;
import recur.model.classify.Examples;
import recur.model.classify.SequenceArch;
import recur.model.classify.SequenceClassifier;
import recur.model.classify.TextInput;
import recur.optim.Adam;
import recur.optim.LrSchedule;
import recur.optim.Optimizer;
import recur.text.WordSplit;

/** The classifier on the shared Trainer: an interruption mid-epoch resumes to the same weights; patience stops early. */
class ClassifierTaskTest {
    private static final TextInput INPUT = new TextInput("text", "tokens", WordSplit.WHITESPACE, false);

    @TempDir
    Path dir;

    @AfterEach
    void clearSignal() {
        StopSignal.clear();
    }

    private static Examples read(String file, Examples train) {
        try (RecordReader r = new RecordReader(List.of(file), InputFormat.JSONL, "text", false)) {
            return Examples.read(r, INPUT, Examples.LabelFields.DEFAULT, train == null ? null : train.labelSet());
        }
    }

    private static SequenceClassifier model(Examples train, String type) {
        String[] vocab = SequenceClassifier.vocabulary(train, 1);
        SequenceArch arch = new SequenceArch(type, type.equals("rnn") ? "lstm" : "tcn", vocab.length, 8, 8, 2, true, 0.2f,
                "max", false, 2);
        SequenceClassifier m = new SequenceClassifier(arch, vocab, train.labelSet(), INPUT);
        m.init(new SplittableRandom(9));
        return m;
    }

    /** Trains; when stopAt > 0 a stop is requested at that step, as SIGTERM would. */
    private Trainer.Position run(SequenceClassifier m, Examples train, Examples valid, Path out, long stopAt,
                                 ModelFile.Read<?> resumeFrom, int epochs, int patience, List<ObjectNode> records) {
        Optimizer opt = Adam.adam(0.9, 0.999, 1e-8, 0);
        LrSchedule sched = LrSchedule.constant(0.01);
        ClassifierTask task = new ClassifierTask(m, train, valid, 16, 4, 0.5);
        Trainer.Position at = resumeFrom == null ? new Trainer.Position()
                : Checkpoints.restore(resumeFrom.archive(), out, opt, sched, task.carried());
        Checkpoints files = new Checkpoints(out, Path.of(out + ".ckpt"), m.contents(), Json.MAPPER.createObjectNode(), null);
        Trainer.Listener listener = new Trainer.Listener() {
            @Override
            public void progress(Trainer.Position p, int e, int batches, double loss, double lr, double rate) {
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
        return new Trainer(task, opt, sched, new Trainer.Settings(epochs, 1, 0, 0, 0, 4, patience), files, listener).train(at);
    }

    @Test
    void resumeAfterAnInterruptionMidEpochEqualsAnUninterruptedRun() {
        for (String type : new String[] {"rnn", "tcn"}) {
            Examples train = read("testdata/classify/topic-train.jsonl", null);
            Examples valid = read("testdata/classify/topic-valid.jsonl", train);
            List<ObjectNode> straightRecords = new ArrayList<>();
            SequenceClassifier straight = model(train, type);
            run(straight, train, valid, dir.resolve(type + "-a.cls"), 0, null, 2, 0, straightRecords);

            Path out = dir.resolve(type + "-b.cls");
            int batches = (train.size() + 15) / 16;
            long stopAt = batches + batches / 2; // in the middle of the second epoch
            SequenceClassifier interrupted = model(train, type);
            assertThrows(TrainingInterrupted.class, () -> run(interrupted, train, valid, out, stopAt, null, 2, 0, new ArrayList<>()));
            StopSignal.clear();
            ModelFile.Read<?> loaded = ModelFile.read(Path.of(out + ".ckpt"), ClassifierFile.CLASSIFIER);
            SequenceClassifier resumed = (SequenceClassifier) loaded.model();
            List<ObjectNode> resumedRecords = new ArrayList<>();
            Trainer.Position end = run(resumed, train, valid, out, 0, loaded, 2, 0, resumedRecords);

            assertEquals(2L * batches, end.step, type);
            assertArrayEquals(straight.params().values(), resumed.params().values(), type);
            assertEquals(straightRecords.get(1).get("valid_accuracy"), resumedRecords.get(0).get("valid_accuracy"), type);
            assertTrue(straightRecords.get(1).get("valid_loss").asDouble() < straightRecords.get(0).get("valid_loss").asDouble(), type);
        }
    }

    @Test
    void patienceStopsAfterThatManyEpochsWithoutImprovement() {
        Examples train = read("testdata/classify/order-train.jsonl", null);
        Examples valid = read("testdata/classify/order-test.jsonl", train);
        List<ObjectNode> records = new ArrayList<>();
        Trainer.Position end = run(model(train, "rnn"), train, valid, dir.resolve("p.cls"), 0, null, 30, 2, records);
        assertTrue(end.epoch < 30, "stopped early, after " + end.epoch + " epochs");
        assertEquals(end.epoch, records.size());
        assertEquals(2, end.stale);
        double best = records.stream().mapToDouble(r -> r.get("valid_accuracy").asDouble()).max().orElseThrow();
        for (ObjectNode r : records.subList(records.size() - 2, records.size())) {
            assertEquals(false, r.get("saved").asBoolean(), "no better validation in the last two epochs");
            assertTrue(r.get("valid_accuracy").asDouble() <= best);
        }
    }
}
