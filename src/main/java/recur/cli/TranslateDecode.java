package recur.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import recur.decode.Hypothesis;
import recur.decode.TranslationSearch;
import recur.io.BadInputException;
import recur.io.JsonlWriter;
import recur.io.Record;
import recur.io.RecordReader;
import recur.model.Seq2SeqStepModel;
import recur.model.TranslationModel;

/**
 * {@code recur translate}'s decoding loop: reads records in chunks of --batch, translates each
 * chunk in one search (on one of --threads decoders, each with its own step model), and writes
 * the records in input order with the translation added. At most two chunks per thread are in
 * flight, so memory is the model plus a few batches whatever the input.
 *
 * <p>A record's translation depends only on the record (and, when sampling, its seed key), never
 * on its chunk or thread: the output is the same bytes for any --batch and --threads.
 */
final class TranslateDecode {
    /** The most target tokens allowed beyond ratio × source length. */
    static final int MAX_LENGTH_EXTRA = 10;

    /** What to add to each record and how. */
    record Output(String srcField, String hypField, boolean nbest, boolean alignment, int samples, String seedField) {}

    private final TranslationModel translator;
    private final Function<Seq2SeqStepModel, TranslationSearch> searches;
    private final Output output;
    private final double ratio;
    private final int maxLength;
    private final int batch;
    private final int threads;
    private final Progress progress;
    private long records;

    /**
     * @param searches makes the search a decoding thread runs, over that thread's step model
     * @param ratio with maxLength: a source of n tokens gets at most min(maxLength, ⌊ratio·n⌋ + 10) target tokens
     */
    TranslateDecode(TranslationModel translator, Function<Seq2SeqStepModel, TranslationSearch> searches, Output output,
                    double ratio, int maxLength, int batch, int threads, Progress progress) {
        check(ratio, maxLength, batch);
        this.translator = translator;
        this.searches = searches;
        this.output = output;
        this.ratio = ratio;
        this.maxLength = maxLength;
        this.batch = batch;
        this.threads = threads;
        this.progress = progress;
    }

    /** Refuses length and batch options no run can use, naming the option. */
    static void check(double ratio, int maxLength, int batch) {
        if (!(ratio >= 0) || Double.isInfinite(ratio)) {
            throw new IllegalArgumentException("--max-length-ratio must be a finite number ≥ 0, got " + ratio);
        }
        if (maxLength < 1) {
            throw new IllegalArgumentException("--max-length must be at least 1, got " + maxLength);
        }
        if (batch < 1) {
            throw new IllegalArgumentException("--batch must be at least 1, got " + batch);
        }
    }

    /** A record ready to translate: its source ids and the key its random draws derive from. */
    private record Job(Record record, int[] source, long key) {}

    /** Translates every record of {@code reader} to {@code out}; a bad record stops the run (exit 1) or is counted under --skip-bad. */
    void run(RecordReader reader, JsonlWriter out) throws InterruptedException {
        BlockingQueue<Decoder> decoders = new ArrayBlockingQueue<>(threads);
        for (int t = 0; t < threads; t++) {
            decoders.add(new Decoder());
        }
        ExecutorService pool = threads > 1 ? Executors.newFixedThreadPool(threads, r -> {
            Thread th = new Thread(r, "recur-translate");
            th.setDaemon(true);
            return th;
        }) : null;
        ArrayDeque<Future<List<ObjectNode>>> inFlight = new ArrayDeque<>();
        long start = System.nanoTime();
        long index = 0;
        RuntimeException stop = null;
        try {
            List<Job> chunk = new ArrayList<>(batch);
            while (true) {
                Record r;
                try {
                    if (!reader.hasNext()) {
                        break;
                    }
                    r = reader.next();
                    Job job;
                    try {
                        job = prepare(r, index);
                    } catch (BadInputException e) {
                        reader.reject(e);
                        continue;
                    }
                    index++;
                    chunk.add(job);
                } catch (BadInputException | UncheckedIOException e) {
                    // what came before the bad record is still translated and written; then the error stands
                    stop = e;
                    break;
                }
                if (chunk.size() == batch) {
                    submit(chunk, decoders, pool, inFlight, out);
                    chunk = new ArrayList<>(batch);
                    progress.update(String.format("%,d records, %.1f records/s", records,
                            records / ((System.nanoTime() - start) / 1e9)));
                }
            }
            if (!chunk.isEmpty()) {
                submit(chunk, decoders, pool, inFlight, out);
            }
            while (!inFlight.isEmpty()) {
                write(inFlight.poll(), out);
            }
        } finally {
            if (pool != null) {
                pool.shutdownNow();
            }
        }
        out.flush();
        if (stop != null) {
            throw stop;
        }
        progress.done();
    }

    /** A record's source ids; a missing, non-string or empty source is bad input. */
    private Job prepare(Record r, long index) {
        String text = r.text(output.srcField);
        int[] ids = translator.encodeSource(text);
        if (ids.length == 0) {
            throw new BadInputException(r.where(), "field \"" + output.srcField + "\" is empty: nothing to translate");
        }
        long key = SamplingOptions.seedKey(r, output.seedField, index);
        return new Job(r, ids, key);
    }


    private void submit(List<Job> chunk, BlockingQueue<Decoder> decoders, ExecutorService pool,
                        ArrayDeque<Future<List<ObjectNode>>> inFlight, JsonlWriter out) throws InterruptedException {
        if (pool == null) {
            write(CompletableFuture.completedFuture(decoders.peek().translate(chunk)), out);
            return;
        }
        inFlight.add(pool.submit(() -> {
            Decoder d = decoders.take();
            try {
                return d.translate(chunk);
            } finally {
                decoders.add(d);
            }
        }));
        while (inFlight.size() >= 2 * threads) {
            write(inFlight.poll(), out);
        }
    }

    private void write(Future<List<ObjectNode>> f, JsonlWriter out) throws InterruptedException {
        List<ObjectNode> nodes;
        try {
            nodes = f.get();
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) {
                throw re;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(c);
        }
        for (ObjectNode n : nodes) {
            out.write(n);
        }
        records += nodes.size() / output.samples;
    }

    /** One thread's step model and search. */
    private final class Decoder {
        private TranslationSearch search;

        /** The chunk's records with their translations added (one record per sample when sampling several). */
        List<ObjectNode> translate(List<Job> chunk) {
            if (search == null) {
                search = searches.apply(translator.stepModel());
            }
            int n = chunk.size();
            int[][] sources = new int[n][];
            int[] limits = new int[n];
            long[] keys = new long[n];
            for (int i = 0; i < n; i++) {
                sources[i] = chunk.get(i).source;
                limits[i] = limit(sources[i].length);
                keys[i] = chunk.get(i).key;
            }
            Hypothesis[][] hyps = search.search(sources, limits, keys);
            List<ObjectNode> nodes = new ArrayList<>(n * output.samples);
            for (int i = 0; i < n; i++) {
                Job job = chunk.get(i);
                if (output.samples > 1) {
                    for (int s = 0; s < hyps[i].length; s++) {
                        ObjectNode node = job.record.node().deepCopy();
                        annotate(node, job.source, hyps[i][s]);
                        node.put("sample_index", s);
                        nodes.add(node);
                    }
                } else {
                    ObjectNode node = job.record.node();
                    annotate(node, job.source, hyps[i][0]);
                    if (output.nbest) {
                        ArrayNode list = node.putArray("nbest");
                        for (Hypothesis h : hyps[i]) {
                            ObjectNode e = list.addObject();
                            e.put("hyp", translator.decodeTarget(h.ids()));
                            scores(e, h);
                            if (output.alignment) {
                                alignment(e, h);
                            }
                        }
                    }
                    nodes.add(node);
                }
            }
            return nodes;
        }
    }

    /** At most min(--max-length, ⌊ratio · source length⌋ + {@value #MAX_LENGTH_EXTRA}) target tokens. */
    int limit(int sourceLength) {
        return (int) Math.min(maxLength, Math.floor(ratio * sourceLength) + MAX_LENGTH_EXTRA);
    }

    private void annotate(ObjectNode node, int[] source, Hypothesis h) {
        node.put(output.hypField, translator.decodeTarget(h.ids()));
        scores(node, h);
        if (output.alignment) {
            ArrayNode src = node.putArray("src_tokens");
            for (int id : source) {
                src.add(translator.sourceToken(id));
            }
            alignment(node, h);
        }
    }

    private static void scores(ObjectNode node, Hypothesis h) {
        node.put("score", round(h.logProb()));
        node.put("score_mean", round(h.meanLogProb()));
    }

    private void alignment(ObjectNode node, Hypothesis h) {
        ArrayNode tokens = node.putArray("hyp_tokens");
        for (int id : h.ids()) {
            tokens.add(translator.targetToken(id));
        }
        ArrayNode a = node.putArray("alignment");
        for (int j : h.alignment()) {
            a.add(j);
        }
    }

    /** Four decimals, as sample writes log-probabilities; not finite stays as it is (written as null). */
    private static double round(double x) {
        return Double.isFinite(x) ? Math.round(x * 1e4) / 1e4 : x;
    }
}
