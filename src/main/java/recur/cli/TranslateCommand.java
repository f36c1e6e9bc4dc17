package recur.cli;

import java.nio.file.Path;
import java.util.function.Function;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import recur.decode.BeamSearch;
import recur.decode.LengthPenalty;
import recur.decode.SampledTranslation;
import recur.decode.Sampling;
import recur.decode.TranslationSearch;
import recur.io.JsonlWriter;
import recur.io.RecordReader;
import recur.model.Seq2SeqStepModel;
import recur.model.TranslationModel;
import recur.model.translate.TranslatorFile;

/** {@code recur translate}: translates records with an encoder-decoder (beam search by default, or sampling). */
@Command(name = "translate", mixinStandardHelpOptions = true, sortOptions = false,
        subcommands = TranslateTrainCommand.class,
        header = "Translate records with an attention encoder-decoder: beam search, n-best lists, sampling.",
        description = {
            "Reads JSONL records with the source text in 'src' (--src-field), or plain text (one source a line), and"
                    + " writes each record with 'hyp' (the translation), 'score' (its natural-log probability under the"
                    + " model, EOS included) and 'score_mean' (score over its tokens, EOS counted) added; every other field"
                    + " passes through, in input order. --n-best N adds 'nbest': the N best hypotheses, best first, each"
                    + " {\"hyp\", \"score\", \"score_mean\"}. --alignment adds 'src_tokens', 'hyp_tokens' and 'alignment': for"
                    + " each target token, the position of the source token its attention weighted most.",
            "",
            "Beam search keeps the --beam K best hypotheses of every source (K = 1 is greedy decoding), and follows"
                    + " greedy decoding's hypothesis as one more when it is not among them, so its best is never worse than"
                    + " greedy's under the model; a hypothesis ending in EOS is finished, and a source is done when K have finished or the best ones can no"
                    + " longer be beaten. Finished hypotheses are ranked by score over a length penalty: none, avg (the"
                    + " mean per token) or wu, ((5 + length) / 6)^alpha as in GNMT. A source of n tokens gets at most"
                    + " min(--max-length, floor(--max-length-ratio × n) + 10) target tokens; EOS is not chosen before"
                    + " --min-length. --sample draws each token instead, with --temperature, --top-k and --top-p, -n"
                    + " samples per record (one output record each, with 'sample_index' when -n is above 1) and per-record"
                    + " seeds from --seed and the record's position (or --seed-field), as 'recur sample' draws.",
            "",
            "Records are translated --batch at a time: all sources and all their beams advance in one step of the"
                    + " model. --threads translate several batches at once and keep the input order. A record's output"
                    + " depends on nothing but the record: the same bytes come out for any --batch and --threads.",
            "",
            "Bad input: a record without a string source, or with an empty one, stops with exit code 1 and its"
                    + " file:line, or with --skip-bad is counted and left out.",
            "",
            "Memory: the model; for each of --threads, the model's decoding copy of its weights and the"
                    + " log-probabilities of --batch × (--beam + 1) rows (4 bytes × target vocabulary each); and two batches of"
                    + " records per thread."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  recur translate -m de-en.nmt test.jsonl | recur eval bleu",
            "  echo '{\"src\": \"ein hund läuft im park .\"}' | recur translate -m de-en.nmt --beam 10 --n-best 3",
            "  recur translate -m de-en.nmt --sample --top-p 0.9 -n 5 --seed-field id sources.jsonl > samples.jsonl"})
public final class TranslateCommand implements Callable<Integer> {
    /**
     * Opens a translation model file: the seam between decoding and the encoder-decoder that
     * 'translate train' writes. Tests put a fake translator here.
     */
    static Function<Path, TranslationModel> models = TranslateCommand::openModel;

    @Spec
    CommandSpec spec;

    // not required=true: picocli would then demand it before the train subcommand too
    @Option(names = {"-m", "--model"}, paramLabel = "NMT", description = "The translation model (from 'recur translate train').")
    Path model;

    @Option(names = "--src-field", paramLabel = "NAME", defaultValue = "src",
            description = "The field that holds the source text (plain-text lines are sources as they are). Default: ${DEFAULT-VALUE}.")
    String srcField;

    @Option(names = "--hyp-field", paramLabel = "NAME", defaultValue = "hyp",
            description = "The field the translation is written to. Default: ${DEFAULT-VALUE}.")
    String hypField;

    @Option(names = "--beam", converter = Ranges.Positive.class, paramLabel = "K", defaultValue = "5",
            description = "Hypotheses kept per source (1: greedy). Default: ${DEFAULT-VALUE}.")
    int beam;

    @Option(names = "--length-penalty", paramLabel = "none|avg|wu", defaultValue = "wu",
            description = "How finished hypotheses of different lengths are compared: plain log-probability, its mean per"
                    + " token, or divided by ((5 + length) / 6)^alpha (GNMT). Default: ${DEFAULT-VALUE}.")
    String lengthPenalty;

    @Option(names = "--alpha", converter = Ranges.NonNegativeReal.class, paramLabel = "A", defaultValue = "0.6",
            description = "The exponent of --length-penalty wu (0: none). Default: ${DEFAULT-VALUE}.")
    double alpha;

    @Option(names = "--n-best", converter = Ranges.Positive.class, paramLabel = "N",
            description = "Add 'nbest', the N best hypotheses (1 to --beam), best first.")
    Integer nBest;

    @Option(names = "--max-length-ratio", converter = Ranges.NonNegativeReal.class, paramLabel = "R", defaultValue = "2.0",
            description = "At most floor(R × source tokens) + 10 target tokens. Default: ${DEFAULT-VALUE}.")
    double maxLengthRatio;

    @Option(names = "--max-length", converter = Ranges.Positive.class, paramLabel = "N", defaultValue = "200",
            description = "At most N target tokens, whatever the source. Default: ${DEFAULT-VALUE}.")
    int maxLength;

    @Option(names = "--min-length", converter = Ranges.NonNegative.class, paramLabel = "N", defaultValue = "0",
            description = "No EOS before N target tokens. Default: ${DEFAULT-VALUE}.")
    int minLength;

    @Option(names = "--alignment", description = "Add 'src_tokens', 'hyp_tokens' and 'alignment' (the attention argmax of each target token).")
    boolean alignment;

    @Option(names = "--sample", description = "Draw translations from the model instead of searching for the best; --temperature, --top-k, --top-p, -n and --seed-field below apply to it.")
    boolean sample;






    @Mixin
    SamplingOptions draw;

    @Option(names = "--batch", converter = Ranges.Positive.class, paramLabel = "N", defaultValue = "64",
            description = "Records translated together. Default: ${DEFAULT-VALUE}.")
    int batch;

    @Mixin
    InputOptions in;

    @Mixin
    UnbufferedOption unbuffered;

    @Mixin
    ComputeOptions compute;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() throws Exception {
        if (model == null) {
            throw new ParameterException(spec.commandLine(), "Missing required option: '--model=NMT'");
        }
        if (!sample && (draw.samples != 1 || draw.seedField != null)) {
            throw new ParameterException(spec.commandLine(), (draw.samples != 1 ? "-n" : "--seed-field") + " needs --sample");
        }
        if (sample && nBest != null) {
            throw new ParameterException(spec.commandLine(), "--n-best is for beam search; with --sample use -n");
        }
        Function<Seq2SeqStepModel, TranslationSearch> searches;
        if (sample) {
            Sampling sampling = draw.sampling();
            SampledTranslation.check(draw.samples, minLength);
            searches = m -> new SampledTranslation(m, sampling, draw.samples, minLength, alignment, compute.seed);
        } else {
            LengthPenalty penalty = LengthPenalty.of(lengthPenalty, alpha);
            int n = nBest == null ? 1 : nBest;
            BeamSearch.check(beam, n, minLength);
            searches = m -> new BeamSearch(m, beam, n, penalty, minLength, alignment);
        }
        TranslateDecode.Output output = new TranslateDecode.Output(srcField, hypField, nBest != null, alignment,
                sample ? draw.samples : 1, draw.seedField);
        TranslateDecode.check(maxLengthRatio, maxLength, batch);
        Progress progress = new Progress(System.err, common.quiet, "translate");
        compute.apply();
        TranslationModel translator = models.apply(model);
        TranslateDecode decode = new TranslateDecode(translator, searches, output, maxLengthRatio, maxLength, batch,
                compute.threads, progress);
        try (RecordReader reader = new RecordReader(in.files, in.inputFormat(), srcField, in.skipBad);
             JsonlWriter out = new JsonlWriter(System.out, unbuffered.unbuffered)) {
            decode.run(reader, out);
            InputOptions.reportSkipped(reader, progress, "translate");
        }
        return ExitCodes.OK;
    }

    /**
     * Reads a translation model file (kind "translator", from 'recur translate train'); a file of
     * another kind is refused as {@link TranslatorFile} refuses a foreign kind.
     */
    private static TranslationModel openModel(Path path) {
        TranslatorFile.Loaded l = TranslatorFile.load(path);
        return TranslationModel.of(l.model()::stepper, l.source()::encode, l.target()::decode,
                id -> l.source().decode(new int[] {id}), id -> l.target().decode(new int[] {id}));
    }
}
