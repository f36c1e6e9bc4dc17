package recur.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A small, fixed slice of the fuzzer (bin/fuzz runs thousands of cases). */
class FuzzTest {
    @Test
    void aSliceOfTheFuzzerFindsNothing() throws Exception {
        List<String> bad = Fuzzer.run(20261205, 80);
        assertEquals(List.of(), bad, String.join("\n", bad));
    }
}
