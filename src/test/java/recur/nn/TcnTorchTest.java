package recur.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import recur.io.Json;
import recur.tensor.ParamStore;
import recur.tensor.Tape;
import recur.tensor.Var;

/**
 * Agreement with PyTorch (locuslab/TCN's architecture, eval mode) on the fixtures written by
 * src/test/python/fixtures_tcn.py: same parameter names and shapes, same outputs, same
 * gradients of sum(out · R), to 1e-5 relative (absolute below magnitude one). PyTorch's eval
 * mode has no dropout while our dropout is live whenever the tape records, so the layers are
 * built with dropout 0 (dropout has no parameters: the architecture is the same).
 */
class TcnTorchTest {
    private static final double TOL = 1e-5;

    @Test
    void temporalBlockWithWeightNormAndDownsample() throws IOException {
        JsonNode d = load("tcn_block.json");
        ParamStore store = new ParamStore();
        TemporalBlock block = new TemporalBlock(store, d.get("prefix").asText(), d.get("in").asInt(),
                d.get("out_channels").asInt(), d.get("kernel").asInt(), d.get("dilation").asInt(), 0f, true);
        store.allocate();
        Var x = loadParamsAndInput(d, store);
        compare(d, store, x, tape -> block.forward(tape, x, null));
    }

    @Test
    void twoLevelTcn() throws IOException {
        JsonNode d = load("tcn_stack.json");
        ParamStore store = new ParamStore();
        int[] ch = new int[d.get("channels").size()];
        for (int i = 0; i < ch.length; i++) {
            ch[i] = d.get("channels").get(i).asInt();
        }
        Tcn tcn = new Tcn(store, d.get("prefix").asText(), d.get("in").asInt(), ch, d.get("kernel").asInt(), 0f, true);
        store.allocate();
        Var x = loadParamsAndInput(d, store);
        compare(d, store, x, tape -> tcn.forward(tape, x, null));
    }

    private static JsonNode load(String name) throws IOException {
        return Json.MAPPER.readTree(Path.of("testdata", "torch", name).toFile());
    }

    /** Copies every fixture parameter into the store by name, checking names and shapes match both ways. */
    private static Var loadParamsAndInput(JsonNode d, ParamStore store) {
        Set<String> seen = new HashSet<>();
        Iterator<Map.Entry<String, JsonNode>> it = d.get("params").fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            ParamStore.Param p = store.get(e.getKey());
            assertArrayEquals(shape(e.getValue()), p.shape(), "shape of " + e.getKey());
            float[] v = data(e.getValue());
            System.arraycopy(v, 0, store.values(), p.offset(), v.length);
            seen.add(e.getKey());
        }
        for (ParamStore.Param p : store.params()) {
            if (!seen.contains(p.name())) {
                fail("parameter " + p.name() + " is not in the PyTorch model");
            }
        }
        return Var.of(data(d.get("x")), shape(d.get("x")));
    }

    private static void compare(JsonNode d, ParamStore store, Var x, java.util.function.Function<Tape, Var> f) {
        Var out = f.apply(Tape.inference());
        assertArrayEquals(shape(d.get("out")), out.shape);
        close("out", data(d.get("out")), out.v, out.vo);
        store.zeroGrad();
        Tape tape = Tape.training();
        Var y = f.apply(tape);
        close("out (recording)", data(d.get("out")), y.v, y.vo);
        float[] r = data(d.get("r"));
        System.arraycopy(r, 0, y.g(), y.go(), r.length);
        tape.backward();
        close("grad x", data(d.get("grad_x")), x.g(), x.go());
        Iterator<Map.Entry<String, JsonNode>> it = d.get("grads").fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            ParamStore.Param p = store.get(e.getKey());
            close("grad " + e.getKey(), data(e.getValue()), store.grads(), p.offset());
        }
    }

    private static void close(String what, float[] expected, float[] actual, int offset) {
        for (int i = 0; i < expected.length; i++) {
            double a = actual[offset + i];
            double b = expected[i];
            if (Math.abs(a - b) > TOL * Math.max(1, Math.abs(b))) {
                assertEquals(b, a, TOL * Math.max(1, Math.abs(b)), what + "[" + i + "]");
            }
        }
    }

    private static int[] shape(JsonNode t) {
        JsonNode s = t.get("shape");
        int[] out = new int[s.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = s.get(i).asInt();
        }
        return out;
    }

    private static float[] data(JsonNode t) {
        JsonNode a = t.get("data");
        float[] out = new float[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) a.get(i).asDouble();
        }
        return out;
    }
}
