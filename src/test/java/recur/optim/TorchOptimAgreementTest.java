package recur.optim;

import static recur.nn.TorchFixture.close;
import static recur.nn.TorchFixture.data;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import recur.nn.TorchFixture;
import recur.tensor.ParamStore;

/** A few steps of SGD (momentum, Nesterov), Adam and AdamW on fixed gradients, against PyTorch 1.13. */
class TorchOptimAgreementTest {
    static Optimizer make(String type, JsonNode h) {
        return switch (type) {
            case "sgd" -> new Sgd(h.get("momentum").asDouble(), h.get("nesterov").asBoolean(), h.get("weight_decay").asDouble());
            case "adam" -> Adam.adam(h.get("beta1").asDouble(), h.get("beta2").asDouble(), h.get("eps").asDouble(),
                    h.get("weight_decay").asDouble());
            case "adamw" -> Adam.adamW(h.get("beta1").asDouble(), h.get("beta2").asDouble(), h.get("eps").asDouble(),
                    h.get("weight_decay").asDouble());
            default -> throw new IllegalArgumentException(type);
        };
    }

    @Test
    void stepsAgree() throws IOException {
        JsonNode f = TorchFixture.read("ops_optim.json");
        float[] w0 = data(f.get("w0"));
        for (JsonNode c : f.get("cases")) {
            ParamStore ps = new ParamStore();
            ps.add("w", w0.length);
            ps.allocate();
            System.arraycopy(w0, 0, ps.values(), 0, w0.length);
            Optimizer opt = make(c.get("type").asText(), c.get("hyper"));
            for (int s = 0; s < f.get("grads").size(); s++) {
                float[] g = data(f.get("grads").get(s));
                System.arraycopy(g, 0, ps.grads(), 0, g.length);
                opt.step(ps, f.get("lrs").get(s).asDouble());
                close(c.get("type").asText() + " step " + (s + 1), data(c.get("params").get(s)), ps.values(), 0, 1e-5, 1e-7);
            }
        }
    }
}
