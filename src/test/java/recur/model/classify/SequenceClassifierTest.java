package recur.model.classify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import recur.tensor.GradCheck;
import recur.tensor.ParamStore;
import recur.tensor.Tape;
import recur.tensor.Var;
import recur.text.WordSplit;
import recur.train.PaddedBatches;

/** The classifier graph: gradients by finite differences, padding that changes nothing, frozen rows. */
class SequenceClassifierTest {
    private static final TextInput INPUT = new TextInput("text", "tokens", WordSplit.WHITESPACE, false);
    private static final String[] VOCAB = {SequenceClassifier.PAD, SequenceClassifier.UNK, "a", "b", "c", "d", "e"};
    private static final Labels LABELS = new Labels(new String[] {"x", "y", "z"});
    private static final int[][] TEXTS = {{2, 3, 4}, {5}, {6, 2, 3, 3, 4}, {}};

    @TempDir
    Path dir;

    private static SequenceClassifier model(String type, String cell, boolean bidirectional, String pool, boolean ova) {
        SequenceArch arch = new SequenceArch(type, cell, VOCAB.length, 4, 5, 2, bidirectional, 0f, pool, ova, 2);
        SequenceClassifier m = new SequenceClassifier(arch, VOCAB, LABELS, INPUT);
        m.init(new SplittableRandom(11));
        return m;
    }

    private static PaddedBatches.Batch batch() {
        return new PaddedBatches(TEXTS, 4, 0).inOrder().get(0);
    }

    private static Var logits(SequenceClassifier m, PaddedBatches.Batch b) {
        return m.logits(Tape.inference(), b.ids(), b.lengths(), b.time(), null);
    }

    private static Var loss(SequenceClassifier m, Tape tape, int[][] gold) {
        PaddedBatches.Batch b = batch();
        return m.loss(tape, b.ids(), b.lengths(), b.time(), gold, null).value();
    }

    @Test
    void labelLossGradientsMatchFiniteDifferences() {
        SplittableRandom rnd = new SplittableRandom(3);
        int[][] gold = {{0}, {1, 2}, {2}};
        for (boolean ova : new boolean[] {false, true}) {
            float[] z = new float[9];
            for (int i = 0; i < z.length; i++) {
                z[i] = (float) rnd.nextDouble(-2, 2);
            }
            Var logits = Var.of(z, 3, 3);
            double worst = GradCheck.standard().check(null, List.of(logits),
                    tape -> LabelLoss.apply(tape, logits, gold, ova).value(), 5);
            assertTrue(worst < 2e-2, "ova " + ova + ": " + worst);
        }
    }

    @Test
    void labelLossIsPredictionsLossPerExample() {
        float[] z = {0.5f, -1f, 2f};
        float[] probs = new float[3];
        for (boolean ova : new boolean[] {false, true}) {
            int[][] gold = {{2, 0}};
            double sum = LabelLoss.forward(z, 0, gold, ova, 1, 3, probs);
            assertEquals(Prediction.loss(probs, 3, gold[0], ova), sum, 1e-5);
        }
    }

    @Test
    void theWholeGraphHasTheGradientsFiniteDifferencesGive() {
        Object[][] shapes = {
            {"rnn", "lstm", true, "last"}, {"rnn", "gru", false, "mean"}, {"rnn", "cifg", true, "attention"},
            {"rnn", "rnn", false, "max"}, {"tcn", "tcn", true, "last"}, {"tcn", "tcn", true, "attention"},
            {"tcn", "tcn", false, "mean"}};
        int[][] gold = {{0}, {1}, {2}, {0}};
        for (Object[] s : shapes) {
            for (boolean ova : new boolean[] {false, true}) {
                SequenceClassifier m = model((String) s[0], (String) s[1], (Boolean) s[2], (String) s[3], ova);
                if (m.arch().tcn()) {
                    // positive weights keep every ReLU active: a kink crossed by the finite step would fail any check
                    // (the TCN's own tests check it with mixed signs)
                    float[] w = m.params().values();
                    SplittableRandom rnd = new SplittableRandom(5);
                    for (int i = 0; i < w.length; i++) {
                        w[i] = (float) rnd.nextDouble(0.05, 0.4);
                    }
                }
                double worst = new GradCheck(1e-2, 2e-2, 1e-2, 200).check(m.params(), List.of(),
                        tape -> loss(m, tape, gold), 7);
                assertTrue(worst < 2e-2, java.util.Arrays.toString(s) + " ova " + ova + ": " + worst);
            }
        }
    }

    @Test
    void aTextInABatchScoresWhatItScoresAlone() {
        for (String type : new String[] {"rnn", "tcn"}) {
            for (String pool : new String[] {"last", "mean", "max", "attention"}) {
                SequenceClassifier m = model(type, type.equals("rnn") ? "lstm" : "tcn", true, pool, false);
                Var all = logits(m, batch());
                for (int i = 0; i < TEXTS.length; i++) {
                    PaddedBatches.Batch one = new PaddedBatches(new int[][] {TEXTS[i]}, 1, 0).inOrder().get(0);
                    Var alone = logits(m, one);
                    for (int c = 0; c < LABELS.size(); c++) {
                        assertEquals(alone.v[c], all.v[i * LABELS.size() + c], 1e-5, type + " " + pool + " text " + i);
                    }
                }
            }
        }
    }

    @Test
    void aTextInABatchHasTheBitsItHasAloneWhateverItsNeighboursLengths() {
        // wide enough that products leave Gemm's direct loop, and more rows than a kernel tile, so
        // full tiles and single rows both run; lengths 0 to 13 mixed in one padded batch
        SplittableRandom rnd = new SplittableRandom(7);
        int[][] texts = new int[21][];
        for (int i = 0; i < texts.length; i++) {
            texts[i] = new int[i == 4 ? 0 : 1 + rnd.nextInt(13)];
            for (int j = 0; j < texts[i].length; j++) {
                texts[i][j] = 2 + rnd.nextInt(VOCAB.length - 2);
            }
        }
        int l = LABELS.size();
        for (String type : new String[] {"rnn", "tcn"}) {
            for (String pool : new String[] {"last", "mean", "max", "attention"}) {
                for (boolean ova : new boolean[] {false, true}) {
                    SequenceArch arch = new SequenceArch(type, type.equals("rnn") ? "lstm" : "tcn", VOCAB.length, 24, 40, 2,
                            true, 0f, pool, ova, 3);
                    SequenceClassifier m = new SequenceClassifier(arch, VOCAB, LABELS, INPUT);
                    m.init(new SplittableRandom(13));
                    PaddedBatches.Batch all = new PaddedBatches(texts, texts.length, 0).inOrder().get(0);
                    float[] batched = new float[texts.length * l];
                    m.probs(all.ids(), all.lengths(), all.time(), batched);
                    for (int i = 0; i < texts.length; i++) {
                        float[] alone = new float[l];
                        m.probs(texts[i], new int[] {texts[i].length}, texts[i].length, alone);
                        assertArrayEquals(alone, java.util.Arrays.copyOfRange(batched, i * l, i * l + l),
                                type + " " + pool + " ova " + ova + " text " + i + " (length " + texts[i].length + ")");
                    }
                }
            }
        }
    }

    @Test
    void frozenRowsTakeNoGradientAndTheOthersTheirUsualOne() throws IOException {
        Path vec = dir.resolve("v.vec");
        Files.writeString(vec, "3 4\na 0.1 0.2 0.3 0.4\nc -0.1 0.5 0.0 0.25\nzz 1 1 1 1\n");
        Pretrained vectors = Pretrained.read(vec.toString(), "vec");
        SequenceClassifier free = model("rnn", "gru", false, "mean", false);
        SequenceClassifier frozen = model("rnn", "gru", false, "mean", false);
        assertEquals(2, frozen.fillPretrained(vectors, true), "a and c; zz is not a word of the model");
        free.fillPretrained(vectors, false);
        int[][] gold = {{0}, {1}, {2}, {0}};
        for (SequenceClassifier m : List.of(free, frozen)) {
            m.params().zeroGrad();
            Tape tape = Tape.training();
            Var loss = loss(m, tape, gold);
            loss.g()[loss.go()] = 1f;
            tape.backward();
        }
        ParamStore.Param emb = frozen.params().get("embedding.weight");
        float[] gFree = free.params().grads();
        float[] gFrozen = frozen.params().grads();
        for (int row = 0; row < VOCAB.length; row++) {
            for (int j = 0; j < 4; j++) {
                int i = emb.offset() + row * 4 + j;
                boolean fixed = row == 0 || row == 2 || row == 4;
                assertEquals(fixed ? 0f : gFree[i], gFrozen[i], VOCAB[row]);
            }
        }
        assertTrue(gFree[emb.offset() + 2 * 4] != 0, "the free model's row of a learns");
        assertArrayEquals(new float[] {0.1f, 0.2f, 0.3f, 0.4f},
                java.util.Arrays.copyOfRange(frozen.params().values(), emb.offset() + 8, emb.offset() + 12));
    }

    /** The padding and unknown-word rows start at 0 whatever the seed; every other row is drawn. */
    @Test
    void paddingAndTheUnknownWordStartAtZero() {
        for (long seed : new long[] {1, 2, 11}) {
            SequenceClassifier m = model("rnn", "lstm", true, "max", false);
            m.init(new SplittableRandom(seed));
            ParamStore.Param emb = m.params().get("embedding.weight");
            float[] w = m.params().values();
            for (int row = 0; row < VOCAB.length; row++) {
                float[] r = java.util.Arrays.copyOfRange(w, emb.offset() + row * 4, emb.offset() + row * 4 + 4);
                if (row < 2) {
                    assertArrayEquals(new float[4], r, VOCAB[row] + " with seed " + seed);
                } else {
                    assertTrue(r[0] != 0 && r[1] != 0 && r[2] != 0 && r[3] != 0, VOCAB[row] + " is drawn");
                }
            }
        }
    }

    @Test
    void wordsOutsideTheVocabularyAreTheUnknownWord() {
        SequenceClassifier m = model("rnn", "lstm", false, "max", false);
        assertArrayEquals(new int[] {2, 1, 6}, m.ids(new String[] {"a", "zzz", "e"}));
    }
}
