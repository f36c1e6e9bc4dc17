package recur.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import recur.tensor.ParamStore;
import recur.tensor.Tape;
import recur.tensor.Var;

/**
 * Agreement with torch.nn.RNN / LSTM / GRU on the fixtures written by
 * src/test/python/fixtures_rnn.py: outputs, final states and the gradients of
 * sum(output·R) + sum(h_n·S) (+ sum(c_n·Sc)) with respect to the input, the initial states and
 * every weight, loaded by PyTorch name.
 */
class RecurrentTorchTest {
    /** Relative tolerance; below |expected| = FLOOR it becomes an absolute one of REL·FLOOR. */
    private static final double REL = 1e-5;
    private static final double FLOOR = 0.1;

    @ParameterizedTest
    @ValueSource(strings = {"rnn_tanh", "rnn_relu", "rnn_lstm", "rnn_gru", "rnn_lstm_packed", "rnn_gru_packed"})
    void agreesWithPyTorch(String name) throws IOException {
        JsonNode f = new ObjectMapper().readTree(Path.of("testdata/torch", name + ".json").toFile());
        int T = f.get("T").asInt(), B = f.get("B").asInt(), I = f.get("input_size").asInt();
        int H = f.get("hidden_size").asInt(), L = f.get("num_layers").asInt();
        boolean bidi = f.get("bidirectional").asBoolean();
        RecurrentCell cell = RecurrentCell.parse(f.get("cell").asText());
        int[] lengths = null;
        if (!f.get("lengths").isNull()) {
            lengths = new int[B];
            for (int b = 0; b < B; b++) {
                lengths[b] = f.get("lengths").get(b).asInt();
            }
        }
        ParamStore ps = new ParamStore();
        Recurrent rnn = new Recurrent(ps, "rnn.", cell, I, H, L, bidi);
        ps.allocate();
        assertEquals(rnn.params().size(), f.get("weights").size(), "parameter count");
        for (Iterator<Map.Entry<String, JsonNode>> it = f.get("weights").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            ParamStore.Param p = ps.get("rnn." + e.getKey());
            JsonNode shape = f.get("shapes").get(e.getKey());
            assertEquals(shape.size(), p.shape().length, e.getKey());
            for (int i = 0; i < shape.size(); i++) {
                assertEquals(shape.get(i).asInt(), p.shape()[i], e.getKey());
            }
            float[] v = floats(e.getValue());
            System.arraycopy(v, 0, ps.values(), p.offset(), v.length);
        }
        int LD = L * (bidi ? 2 : 1);
        Var x = Var.of(floats(f.get("input")), T, B, I);
        Var h0 = Var.of(floats(f.get("h0")), LD, B, H);
        Var c0 = cell.hasCellState() ? Var.of(floats(f.get("c0")), LD, B, H) : null;

        Tape tape = Tape.training();
        ps.zeroGrad();
        Recurrent.Output out = rnn.forward(tape, x, h0, c0, lengths, 0f, null);
        near("output", f.get("output"), out.y().v, 0);
        near("h_n", f.get("h_n"), out.h().v, 0);
        if (cell.hasCellState()) {
            near("c_n", f.get("c_n"), out.c().v, 0);
        }
        copy(f.get("R"), out.y());
        copy(f.get("S"), out.h());
        if (cell.hasCellState()) {
            copy(f.get("Sc"), out.c());
        }
        tape.backward();
        JsonNode grads = f.get("grads");
        near("d input", grads.get("input"), x.g(), x.go());
        near("d h0", grads.get("h0"), h0.g(), h0.go());
        if (c0 != null) {
            near("d c0", grads.get("c0"), c0.g(), c0.go());
        }
        for (ParamStore.Param p : rnn.params()) {
            String torchName = p.name().substring("rnn.".length());
            assertTrue(grads.has(torchName), torchName);
            near("d " + torchName, grads.get(torchName), ps.grads(), p.offset());
        }
    }

    private static float[] floats(JsonNode a) {
        float[] v = new float[a.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) a.get(i).asDouble();
        }
        return v;
    }

    private static void copy(JsonNode a, Var to) {
        float[] g = to.g();
        int o = to.go();
        for (int i = 0; i < a.size(); i++) {
            g[o + i] = (float) a.get(i).asDouble();
        }
    }

    private static void near(String what, JsonNode expected, float[] actual, int offset) {
        for (int i = 0; i < expected.size(); i++) {
            double e = expected.get(i).asDouble();
            double a = actual[offset + i];
            double err = Math.abs(a - e) / Math.max(Math.abs(e), FLOOR);
            if (err > REL) {
                fail(String.format("%s[%d]: expected %.9g, got %.9g (relative error %.3g)", what, i, e, a, err));
            }
        }
    }
}
