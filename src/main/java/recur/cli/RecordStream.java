package recur.cli;

import java.util.function.Predicate;
import picocli.CommandLine.Mixin;
import recur.io.JsonlWriter;
import recur.io.Record;
import recur.io.RecordReader;

/**
 * The input options, --unbuffered and the loop of the commands that add fields to each input record: read a
 * record, let the command change its node, write the node back, in input order.
 */
public final class RecordStream {
    @Mixin
    UnbufferedOption unbuffered;

    @Mixin
    InputOptions in;

    /**
     * Streams every input record through {@code step} to standard output.
     *
     * @param step changes the record's node in place; returns true to count the record (e.g. an unknown word)
     * @return how many records {@code step} counted, for the command's note on standard error
     */
    long run(Predicate<Record> step) {
        long counted = 0;
        try (RecordReader reader = in.reader(); JsonlWriter out = new JsonlWriter(System.out, unbuffered.unbuffered)) {
            while (reader.hasNext()) {
                Record r = reader.next();
                if (step.test(r)) {
                    counted++;
                }
                out.write(r.node());
            }
        }
        return counted;
    }
}
