package recur.model.translate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import recur.model.Seq2SeqStepModel;
import recur.nn.Linear;
import recur.nn.TorchFixture;
import recur.tensor.ParamStore;
import recur.tensor.Tape;
import recur.tensor.Var;

/**
 * The translator against the PyTorch peer's model on the fixture of
 * src/test/python/fixtures_seq2seq.py: the same weights under the same names give the same
 * teacher-forced logits, and the step model's first decoding step the same log-probabilities.
 */
class TranslatorTorchTest {
    static int[][] rows(JsonNode a) {
        int[][] out = new int[a.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = TorchFixture.ints(a.get(i));
        }
        return out;
    }

    @Test
    void agreesWithPyTorch() throws IOException {
        JsonNode cases = TorchFixture.read("seq2seq.json").get("cases");
        List<String> checked = new ArrayList<>();
        for (JsonNode c : cases) {
            String what = c.get("cell").asText() + "/" + c.get("attention").asText() + (c.get("input_feed").asBoolean() ? "+feed" : "")
                    + "/L" + c.get("layers").asInt();
            Architecture arch = new Architecture(c.get("cell").asText(), c.get("attention").asText(), "general",
                    c.get("input_feed").asBoolean(), c.get("src_vocab").asInt(), c.get("tgt_vocab").asInt(),
                    c.get("emb").asInt(), c.get("hidden").asInt(), c.get("layers").asInt(), 0f, false);
            Translator t = new Translator(arch);
            ParamStore ps = t.params();
            assertEquals(c.get("weights").size(), ps.params().size(), what + ": the same tensors");
            for (ParamStore.Param p : ps.params()) {
                JsonNode w = c.get("weights").get(p.name());
                assertArrayEquals(TorchFixture.shape(w), p.shape(), what + " " + p.name());
                float[] d = TorchFixture.data(w);
                System.arraycopy(d, 0, ps.values(), p.offset(), d.length);
            }
            int[][] src = rows(c.get("sources"));
            int[][] tgt = rows(c.get("targets"));
            Translator.Batch batch = Translator.Batch.of(src, tgt);
            Var pre = t.forward(Tape.inference(), batch, null);
            Var logits = Linear.apply(Tape.inference(), pre, t.var(t.outW), t.var(t.outB));
            int b = src.length, steps = batch.tgtTime(), v = arch.tgtVocab();
            float[] expected = TorchFixture.data(c.get("logits"));
            float[] batchMajor = new float[expected.length];
            for (int i = 0; i < b; i++) {
                for (int s = 0; s < steps; s++) {
                    System.arraycopy(logits.v, (s * b + i) * v, batchMajor, (i * steps + s) * v, v);
                }
            }
            TorchFixture.close(what + " logits", expected, batchMajor, 0, 1e-4, 2e-5);

            Seq2SeqStepModel step = t.stepper();
            Seq2SeqStepModel.Memory mem = step.encode(src);
            Seq2SeqStepModel.State state = step.newState(b);
            int[] bos = new int[b];
            for (int i = 0; i < b; i++) {
                step.start(state, i, mem, i);
                bos[i] = step.bos();
            }
            float[] lp = new float[b * v];
            step.step(b, bos, state, lp, null);
            TorchFixture.close(what + " first step", TorchFixture.data(c.get("first_step_log_probs")), lp, 0, 1e-4, 2e-5);
            checked.add(what);
        }
        assertEquals(4, checked.size(), checked.toString());
    }
}
