package recur.nn;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import recur.io.Json;

/** Reads the PyTorch fixtures written by src/test/python/fixtures_ops.py and compares against them. */
public final class TorchFixture {
    private TorchFixture() {}

    public static JsonNode read(String name) throws IOException {
        return Json.MAPPER.readTree(Path.of("testdata", "torch", name).toFile());
    }

    public static float[] data(JsonNode tensor) {
        JsonNode d = tensor.get("data");
        float[] a = new float[d.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) d.get(i).asDouble();
        }
        return a;
    }

    public static int[] shape(JsonNode tensor) {
        JsonNode s = tensor.get("shape");
        int[] a = new int[s.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = s.get(i).asInt();
        }
        return a;
    }

    public static int[] ints(JsonNode list) {
        int[] a = new int[list.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = list.get(i).asInt();
        }
        return a;
    }

    /** |actual − expected| ≤ rel·|expected| + abs, entry by entry. */
    public static void close(String what, float[] expected, float[] actual, int ao, double rel, double abs) {
        StringBuilder bad = new StringBuilder();
        for (int i = 0; i < expected.length; i++) {
            double e = expected[i];
            double a = actual[ao + i];
            if (!(Math.abs(a - e) <= rel * Math.abs(e) + abs) && bad.length() < 1000) {
                bad.append(String.format("%s[%d]: expected %.9g, got %.9g%n", what, i, e, a));
            }
        }
        if (bad.length() > 0) {
            fail("disagrees with PyTorch:\n" + bad);
        }
    }
}
