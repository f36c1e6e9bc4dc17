package recur.cli;

import java.util.function.Predicate;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
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

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    /**
     * Streams every input record through {@code step} to standard output.
     *
     * A record {@code step} finds bad (a field of the wrong type) stops the command with exit 1, or
     * under --skip-bad is left out, counted, and summed up in one line on standard error at the end.
     *
     * @param step changes the record's node in place; returns true to count the record (e.g. an unknown word)
     * @return how many records {@code step} counted, for the command's note on standard error
     */
    long run(Predicate<Record> step) {
        long[] counted = {0};
        try (RecordReader reader = in.reader(); JsonlWriter out = new JsonlWriter(System.out, unbuffered.unbuffered)) {
            while (reader.hasNext()) {
                reader.process(reader.next(), r -> {
                    if (step.test(r)) {
                        counted[0]++;
                    }
                    out.write(r.node());
                });
            }
            InputOptions.reportSkipped(reader, progress(), spec.qualifiedName().replaceFirst("^recur ", ""));
        }
        return counted[0];
    }

    /** Progress and notes on standard error, silenced by the command's --quiet. */
    Progress progress() {
        var quiet = spec.findOption("--quiet");
        return new Progress(System.err, quiet != null && Boolean.TRUE.equals(quiet.getValue()));
    }
}
