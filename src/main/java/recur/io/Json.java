package recur.io;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** The one configured Jackson mapper: lines of any length, floats written as floats. */
public final class Json {
    public static final ObjectMapper MAPPER = make();

    private Json() {}

    private static ObjectMapper make() {
        JsonMapper m = JsonMapper.builder()
                .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .build();
        m.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxStringLength(Integer.MAX_VALUE)
                .maxNumberLength(10_000)
                .maxNestingDepth(1_000)
                .build());
        return m;
    }
}
