package recur.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static recur.nn.TorchFixture.close;
import static recur.nn.TorchFixture.data;
import static recur.nn.TorchFixture.shape;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import recur.tensor.Tape;
import recur.tensor.Var;

/** Agreement with PyTorch 1.13 on the fixtures of src/test/python/fixtures_ops.py, to 1e-5 relative. */
class TorchAgreementTest {
    static final double REL = 1e-5;
    static final double ABS = 1e-7;

    @Test
    void crossEntropyWithIgnoreIndexAndLabelSmoothing() throws IOException {
        for (JsonNode c : TorchFixture.read("ops_cross_entropy.json").get("cases")) {
            Var logits = Var.of(data(c.get("logits")), shape(c.get("logits")));
            int[] targets = TorchFixture.ints(c.get("targets"));
            Tape tape = Tape.training();
            var loss = SoftmaxCrossEntropy.apply(tape, logits, targets, c.get("ignore_index").asInt(),
                    (float) c.get("label_smoothing").asDouble());
            double expected = c.get("loss").asDouble();
            assertEquals(expected, loss.loss().get(0), REL * Math.abs(expected) + ABS, "loss of " + c.get("label_smoothing"));
            loss.loss().g()[0] = 1;
            tape.backward();
            close("dlogits", data(c.get("dlogits")), logits.g(), logits.go(), REL, ABS);
        }
    }

    @Test
    void linear() throws IOException {
        JsonNode f = TorchFixture.read("ops_linear.json");
        Var x = Var.of(data(f.get("x")), shape(f.get("x")));
        Var w = Var.of(data(f.get("weight")), shape(f.get("weight")));
        Var b = Var.of(data(f.get("bias")), shape(f.get("bias")));
        Tape tape = Tape.training();
        Var y = Linear.apply(tape, x, w, b);
        close("y", data(f.get("y")), y.v, y.vo, REL, ABS);
        float[] dy = data(f.get("dy"));
        System.arraycopy(dy, 0, y.g(), y.go(), dy.length);
        tape.backward();
        close("dx", data(f.get("dx")), x.g(), x.go(), REL, ABS);
        close("dweight", data(f.get("dweight")), w.g(), w.go(), REL, ABS);
        close("dbias", data(f.get("dbias")), b.g(), b.go(), REL, ABS);
    }

    @Test
    void layerNorm() throws IOException {
        JsonNode f = TorchFixture.read("ops_layernorm.json");
        Var x = Var.of(data(f.get("x")), shape(f.get("x")));
        Var g = Var.of(data(f.get("weight")), shape(f.get("weight")));
        Var b = Var.of(data(f.get("bias")), shape(f.get("bias")));
        Tape tape = Tape.training();
        Var y = LayerNorm.apply(tape, x, g, b, (float) f.get("eps").asDouble());
        close("y", data(f.get("y")), y.v, y.vo, REL, 1e-6);
        float[] dy = data(f.get("dy"));
        System.arraycopy(dy, 0, y.g(), y.go(), dy.length);
        tape.backward();
        close("dx", data(f.get("dx")), x.g(), x.go(), REL, 1e-6);
        close("dweight", data(f.get("dweight")), g.g(), g.go(), REL, 1e-6);
        close("dbias", data(f.get("dbias")), b.g(), b.go(), REL, 1e-6);
    }
}
