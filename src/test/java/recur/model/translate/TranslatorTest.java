package recur.model.translate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import recur.decode.GreedyTranslation;
import recur.model.Seq2SeqStepModel;
import recur.tensor.GradCheck;
import recur.tensor.Tape;
import recur.tensor.Var;

class TranslatorTest {
    static Architecture arch(String cell, String attention, String score, boolean feed, int layers, int emb, int hidden) {
        return new Architecture(cell, attention, score, feed, 9, 8, emb, hidden, layers, 0f, false);
    }

    static Translator model(Architecture a, long seed) {
        Translator t = new Translator(a);
        t.init(new SplittableRandom(seed));
        // small weights keep the finite differences in float32's comfortable range
        float[] w = t.params().values();
        for (int i = 0; i < w.length; i++) {
            w[i] *= 0.5f;
        }
        return t;
    }

    static final int[][] SOURCES = {{4, 5, 6, 7}, {8, 4}, {5, 5, 6}};
    static final int[][] TARGETS = {{4, 5}, {6, 7, 4}, {5}};

    /** Every parameter's gradient through the attentional vectors of a padded batch of unequal lengths. */
    @ParameterizedTest
    @CsvSource({"gru,bahdanau,additive,false,1", "lstm,bahdanau,additive,false,2", "gru,luong,general,false,2",
            "lstm,luong,general,true,1", "gru,luong,dot,true,2", "lstm,luong,dot,false,1"})
    void gradientsByFiniteDifferences(String cell, String attention, String score, boolean feed, int layers) {
        Translator t = model(arch(cell, attention, score, feed, layers, 3, 4), 7);
        Translator.Batch batch = Translator.Batch.of(SOURCES, TARGETS);
        double worst = new GradCheck(1e-2, 3e-2).check(t.params(), List.of(), tape -> t.forward(tape, batch, null), 11);
        assertTrue(worst < 3e-2, "worst relative error " + worst);
    }

    /** The loss's gradient reaches the output layer and the tied embedding too. */
    @ParameterizedTest
    @CsvSource({"gru,bahdanau,additive,false", "lstm,luong,general,true"})
    void lossGradients(String cell, String attention, String score, boolean tied) {
        Architecture a = new Architecture(cell, attention, score, false, 9, 8, 4, 4, 1, 0f, tied);
        Translator t = model(a, 3);
        Translator.Batch batch = Translator.Batch.of(SOURCES, TARGETS);
        new GradCheck(1e-2, 3e-2).check(t.params(), List.of(),
                tape -> t.loss(tape, batch, 0.1f, null).loss(), 5);
    }

    /** The step model's log-probabilities of a teacher-forced target equal the training forward's loss. */
    @ParameterizedTest
    @CsvSource({"gru,bahdanau,additive,false,2", "lstm,luong,general,true,2", "gru,luong,dot,false,1"})
    void stepModelAgreesWithTrainingForward(String cell, String attention, String score, boolean feed, int layers) {
        Translator t = model(arch(cell, attention, score, feed, layers, 5, 6), 9);
        Translator.Batch batch = Translator.Batch.of(SOURCES, TARGETS);
        double nll = t.loss(Tape.inference(), batch, 0f, null).nllSum();
        TranslatorStep step = t.stepper();
        Seq2SeqStepModel.Memory mem = step.encode(SOURCES);
        Seq2SeqStepModel.State state = step.newState(SOURCES.length);
        double sum = 0;
        for (int i = 0; i < SOURCES.length; i++) {
            step.start(state, 0, mem, i);
            float[] lp = new float[8];
            int prev = step.bos();
            for (int j = 0; j <= TARGETS[i].length; j++) {
                step.step(1, new int[] {prev}, state, lp, null);
                int next = j < TARGETS[i].length ? TARGETS[i][j] : step.eos();
                sum -= lp[next];
                prev = next;
            }
        }
        assertEquals(nll, sum, 1e-4 * Math.abs(nll));
    }

    /** Decoding sentences alone and together gives the same bits. */
    @ParameterizedTest
    @CsvSource({"gru,bahdanau,additive,false,2", "lstm,luong,general,true,1", "gru,luong,dot,false,1"})
    void rowsDoNotDependOnTheBatch(String cell, String attention, String score, boolean feed, int layers) {
        Translator t = model(arch(cell, attention, score, feed, layers, 16, 32), 13);
        SplittableRandom rnd = new SplittableRandom(1);
        int[][] sources = new int[23][];
        int[] max = new int[sources.length];
        for (int i = 0; i < sources.length; i++) {
            sources[i] = rnd.ints(1 + rnd.nextInt(9), 4, 9).toArray();
            max[i] = 12;
        }
        GreedyTranslation.Result[] together = GreedyTranslation.decode(t.stepper(), sources, max);
        for (int i = 0; i < sources.length; i++) {
            GreedyTranslation.Result alone = GreedyTranslation.decode(t.stepper(), new int[][] {sources[i]}, new int[] {12})[0];
            assertArrayEquals(together[i].ids(), alone.ids());
            assertEquals(together[i].logProb(), alone.logProb(), 0.0, "sentence " + i);
        }
        // and one step of many rows equals each row stepped alone, bit for bit
        TranslatorStep step = t.stepper();
        Seq2SeqStepModel.Memory mem = step.encode(sources);
        Seq2SeqStepModel.State all = step.newState(sources.length);
        int v = step.targetVocabSize();
        int[] ids = new int[sources.length];
        for (int i = 0; i < sources.length; i++) {
            step.start(all, i, mem, i);
            ids[i] = step.bos();
        }
        float[] lp = new float[sources.length * v];
        step.step(sources.length, ids, all, lp, null);
        for (int i = 0; i < sources.length; i++) {
            Seq2SeqStepModel.State one = step.newState(1);
            step.start(one, 0, mem, i);
            float[] row = new float[v];
            step.step(1, new int[] {step.bos()}, one, row, null);
            for (int j = 0; j < v; j++) {
                assertEquals(Float.floatToIntBits(lp[i * v + j]), Float.floatToIntBits(row[j]), "row " + i + " id " + j);
            }
        }
    }
}
