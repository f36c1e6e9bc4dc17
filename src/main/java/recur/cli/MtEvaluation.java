package recur.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Closeable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import recur.eval.Bleu;
import recur.eval.Bootstrap;
import recur.eval.Decimals;
import recur.eval.MtCorpus;
import recur.eval.MtMetric;
import recur.io.BadInputException;
import recur.io.InputFormat;
import recur.io.Inputs;
import recur.io.Json;
import recur.io.JsonlWriter;
import recur.io.Record;
import recur.io.RecordReader;

/**
 * Wires {@code eval bleu} and {@code eval chrf}: reads hypotheses and references (fields of one
 * record, or aligned files), feeds them to a corpus of the metric, and writes the corpus record
 * or each record with its sentence score.
 */
final class MtEvaluation {
    private final String command;
    private final MtMetric metric;
    private final MtMetric sentenceMetric;
    private final MtEvalOptions opt;
    private final InputOptions in;
    private final CommonOptions common;

    /**
     * @param metric the corpus metric
     * @param sentenceMetric the same scored per sentence (BLEU: with effective order)
     */
    MtEvaluation(String command, MtMetric metric, MtMetric sentenceMetric, MtEvalOptions opt, InputOptions in,
                 CommonOptions common) {
        this.command = command;
        this.metric = metric;
        this.sentenceMetric = sentenceMetric;
        this.opt = opt;
        this.in = in;
        this.common = common;
    }

    int run() {
        boolean aligned = !opt.refFiles.isEmpty() || opt.paired != null;
        if (aligned && Inputs.namesOrStdin(in.files).size() != 1) {
            throw new IllegalArgumentException("--ref and --paired take one hypothesis input, got " + in.files.size());
        }
        if (opt.bootstrap < 0 || opt.bootstrap == 1) {
            throw new IllegalArgumentException("--bootstrap must be 2 or more, got " + opt.bootstrap);
        }
        if (opt.seed < 0) {
            throw new IllegalArgumentException("--seed must be non-negative, got " + opt.seed);
        }
        if (opt.width < 0 || opt.width > 20) {
            throw new IllegalArgumentException("--width must be between 0 and 20, got " + opt.width);
        }
        if (opt.sentence && (opt.bootstrap > 0 || opt.paired != null)) {
            throw new IllegalArgumentException("--sentence scores each record; --bootstrap and --paired need the corpus");
        }
        int resamples = opt.paired != null && opt.bootstrap == 0 ? 1000 : opt.bootstrap;
        boolean keep = resamples > 0;
        MtCorpus system = new MtCorpus(metric, keep);
        MtCorpus baseline = opt.paired != null ? new MtCorpus(metric, true) : null;
        String field = opt.scoreField != null ? opt.scoreField : metric.name().toLowerCase(Locale.ROOT)
                .replace("chrf2++", "chrf++").replace("chrf2", "chrf");
        Progress progress = new Progress(System.err, common.quiet);
        InputFormat format = !opt.refFiles.isEmpty() && in.format.equalsIgnoreCase("auto") ? InputFormat.TEXT : in.inputFormat();
        List<Aligned> refs = new ArrayList<>();
        String inputName = Inputs.namesOrStdin(in.files).get(0);
        try (RecordReader reader = new RecordReader(in.files, format, in.textField, in.skipBad);
             JsonlWriter out = new JsonlWriter(System.out, false);
             Aligned base = opt.paired != null ? new Aligned(opt.paired, InputFormat.AUTO, inputName) : null) {
            for (String f : opt.refFiles) {
                refs.add(new Aligned(f, InputFormat.TEXT, inputName));
            }
            long last = 0;
            while (reader.hasNext()) {
                Record r = reader.next();
                last = r.line();
                String hyp;
                List<String> rs;
                String baseHyp = null;
                try {
                    hyp = aligned && !r.has(opt.hypField) && r.node().has(in.textField) ? r.text(in.textField) : r.text(opt.hypField);
                    rs = new ArrayList<>();
                    if (refs.isEmpty()) {
                        references(r, rs);
                    } else {
                        for (Aligned a : refs) {
                            rs.add(a.at(r.line()).text("text"));
                        }
                    }
                    if (base != null) {
                        Record b = base.at(r.line());
                        baseHyp = b.has(opt.hypField) ? b.text(opt.hypField) : b.text("text");
                    }
                } catch (BadInputException e) {
                    reader.reject(e);
                    continue;
                }
                long[] st = system.add(hyp, rs);
                if (baseline != null) {
                    baseline.add(baseHyp, rs);
                }
                if (opt.sentence) {
                    ObjectNode n = r.node();
                    n.put(field, sentenceMetric == metric ? metric.score(st) : sentenceMetric.score(sentenceMetric.stats(hyp, rs)));
                    out.write(n);
                }
            }
            for (Aligned a : refs) {
                a.checkEnd(last);
            }
            if (base != null) {
                base.checkEnd(last);
            }
            if (system.size() == 0) {
                throw new BadInputException(inputName.equals(Inputs.STDIN) ? "<stdin>" : inputName, "no hypotheses to score");
            }
            ObjectNode result = corpusRecord(system, baseline, resamples);
            if (opt.sentence) {
                progress.note("recur " + command + ": " + result.get("line").asText());
            } else {
                out.write(result);
            }
            InputOptions.reportSkipped(reader, progress, command);
        }
        return ExitCodes.OK;
    }

    /** The references of a record: a string, or an array of strings and nulls, in --ref-field (or 'refs'). */
    private void references(Record r, List<String> out) {
        String f = opt.refField;
        if (!r.has(f) && f.equals("ref") && r.has("refs")) {
            f = "refs";
        }
        JsonNode v = r.node().get(f);
        if (v == null || v.isNull()) {
            throw new BadInputException(r.where(), "missing field \"" + opt.refField + "\"" + (opt.refField.equals("ref") ? " (or \"refs\")" : ""));
        }
        if (v.isTextual()) {
            out.add(v.asText());
            return;
        }
        if (!v.isArray()) {
            throw new BadInputException(r.where(), "field \"" + f + "\" must be a string or an array of strings, got " + Record.kind(v));
        }
        for (int i = 0; i < v.size(); i++) {
            JsonNode e = v.get(i);
            if (e.isNull()) {
                continue;
            }
            if (!e.isTextual()) {
                throw new BadInputException(r.where(), "field \"" + f + "\"[" + i + "] must be a string, got " + Record.kind(e));
            }
            out.add(e.asText());
        }
        if (out.isEmpty()) {
            throw new BadInputException(r.where(), "field \"" + f + "\" holds no reference");
        }
    }

    private ObjectNode corpusRecord(MtCorpus system, MtCorpus baseline, int resamples) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        String signature = metric.signature(system.nrefs(), resamples, opt.seed);
        double score = system.score();
        n.put("metric", metric.name());
        n.put("score", score);
        n.put("signature", signature);
        n.put("segments", system.size());
        String line = metric.name() + "|" + signature + " = " + Decimals.fixed(score, opt.width);
        Bootstrap.Interval interval = null;
        Bootstrap.Paired paired = null;
        if (resamples > 0) {
            Bootstrap bs = new Bootstrap((int) system.size(), resamples, opt.seed);
            if (baseline != null) {
                paired = bs.paired(metric, baseline.segments(), system.segments());
                interval = paired.system();
            } else {
                interval = bs.interval(metric, system.segments());
            }
            n.put("mean", interval.mean());
            n.put("ci", interval.ci());
            line += " (μ = " + Decimals.fixed(interval.mean(), opt.width) + " ± " + Decimals.fixed(interval.ci(), opt.width) + ")";
        }
        if (metric instanceof Bleu b) {
            Bleu.Result r = b.result(system.sum());
            putArray(n, "counts", r.counts());
            putArray(n, "totals", r.totals());
            putArray(n, "precisions", r.precisions());
            n.put("bp", r.bp());
            n.put("ratio", r.ratio());
            n.put("hyp_len", r.sysLen());
            n.put("ref_len", r.refLen());
            line += " " + Bleu.verbose(r);
        }
        if (paired != null) {
            ObjectNode b = n.putObject("baseline");
            b.put("file", opt.paired);
            b.put("score", baseline.score());
            b.put("mean", paired.baseline().mean());
            b.put("ci", paired.baseline().ci());
            n.put("p_value", paired.pValue());
            line += String.format(Locale.ROOT, " baseline %s (μ = %s ± %s) p = %.4f", Decimals.fixed(baseline.score(), opt.width),
                    Decimals.fixed(paired.baseline().mean(), opt.width), Decimals.fixed(paired.baseline().ci(), opt.width),
                    paired.pValue());
        }
        n.put("line", line);
        return n;
    }

    private static void putArray(ObjectNode n, String k, double[] v) {
        var a = n.putArray(k);
        for (double x : v) {
            if (x == Math.rint(x) && Math.abs(x) < 1e15) {
                a.add((long) x);
            } else {
                a.add(x);
            }
        }
    }

    /** A file read in step with the hypotheses: the record of the same line. */
    private static final class Aligned implements Closeable {
        private final String name;
        private final String against;
        private final RecordReader reader;
        private Record current;

        Aligned(String name, InputFormat format, String against) {
            this.name = name;
            this.against = against.equals(Inputs.STDIN) ? "<stdin>" : against;
            this.reader = new RecordReader(List.of(name), format, "text", false);
        }

        Record at(long line) {
            while ((current == null || current.line() < line) && reader.hasNext()) {
                current = reader.next();
            }
            if (current == null || current.line() < line) {
                throw new BadInputException(against + ":" + line, name + " has fewer lines than " + against
                        + " (" + (current == null ? 0 : current.line()) + ")");
            }
            if (current.line() > line) {
                throw new BadInputException(name + ":" + line, "line is blank; it has no " + against + " counterpart");
            }
            return current;
        }

        void checkEnd(long last) {
            long more = 0;
            while (reader.hasNext()) {
                Record r = reader.next();
                if (r.line() > last) {
                    more = r.line();
                }
            }
            if (more > 0) {
                throw new BadInputException(name + ":" + more, name + " has more lines than " + against + " (" + last + ")");
            }
        }

        @Override
        public void close() {
            reader.close();
        }
    }
}
