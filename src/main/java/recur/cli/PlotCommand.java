package recur.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import recur.io.ModelArchive;
import recur.io.OutputClosedException;
import recur.io.Record;
import recur.io.RecordReader;

/** {@code recur plot}: training curves from the metrics records train-lm writes, as SVG. */
@Command(name = "plot",
        header = "Draw training curves (train loss, validation loss) from metrics JSON Lines as SVG.",
        description = {
            "Reads the metrics records train-lm writes to standard output (files named, or standard input) and draws"
                    + " one curve per field named by --series, against the field --x (the step by default), as an SVG"
                    + " image on standard output or in the file -o names. Records without a field are left out of its"
                    + " curve, so per-step train loss and per-epoch validation loss share one chart."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  recur train-lm --level char -o lm.model testdata/shakespeare/train.txt --valid testdata/shakespeare/valid.txt \\",
            "      | tee log.jsonl",
            "  recur plot -o curves.svg log.jsonl"},
        mixinStandardHelpOptions = true)
public final class PlotCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Parameters(paramLabel = "FILE", arity = "0..*", description = "Metrics JSONL files. None or '-' reads standard input.")
    List<String> files = new ArrayList<>();

    @Option(names = {"-o", "--output"}, paramLabel = "SVG", description = "Write the image here instead of standard output.")
    Path output;

    @Option(names = "--series", paramLabel = "FIELD,...", split = ",", defaultValue = "train_loss,valid_loss",
            description = "The fields to draw, one curve each. Default: ${DEFAULT-VALUE}.")
    List<String> series;

    @Option(names = "--x", paramLabel = "FIELD", defaultValue = "step",
            description = "The field along the horizontal axis (the record's position when a record lacks it)."
                    + " Default: ${DEFAULT-VALUE}.")
    String x;

    @Option(names = "--title", paramLabel = "TEXT", defaultValue = "recur training curves", description = "The chart's title.")
    String title;

    @Override
    public Integer call() throws IOException {
        Map<String, List<double[]>> points = new LinkedHashMap<>();
        for (String s : series) {
            points.put(s, new ArrayList<>());
        }
        long n = 0;
        try (RecordReader in = RecordReader.of(files)) {
            while (in.hasNext()) {
                Record r = in.next();
                n++;
                JsonNode xv = r.node().get(x);
                double xd = xv != null && xv.isNumber() ? xv.asDouble() : n;
                for (String s : series) {
                    JsonNode v = r.node().get(s);
                    if (v != null && v.isNumber() && Double.isFinite(v.asDouble())) {
                        points.get(s).add(new double[] {xd, v.asDouble()});
                    }
                }
            }
        }
        SvgChart chart = new SvgChart(title, x, String.join(", ", series));
        points.forEach((name, p) -> chart.add(new SvgChart.Series(name, p)));
        byte[] svg = chart.render().getBytes(StandardCharsets.UTF_8);
        if (output != null) {
            ModelArchive.writeAtomically(output, out -> out.write(svg));
        } else {
            PrintStream out = System.out;
            out.write(svg);
            out.flush();
            if (out.checkError()) {
                throw new OutputClosedException(null);
            }
        }
        return ExitCodes.OK;
    }
}
