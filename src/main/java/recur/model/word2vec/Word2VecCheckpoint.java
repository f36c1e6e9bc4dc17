package recur.model.word2vec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import recur.io.ModelArchive;
import recur.io.ModelFileException;
import recur.io.Safetensors;

/**
 * Everything a word2vec run needs to go on where it stopped: both matrices as the trainer holds
 * them (rows padded to {@code stride}), and per worker its random state, epoch, next sentence,
 * words processed, learning rate and loss sums. Saved as a model file of kind {@value #KIND}
 * with the hyperparameters and the corpus digest, so a resume checks it reads the same data.
 */
public record Word2VecCheckpoint(float[] syn0, float[] syn1, int stride, WorkerState[] workers) {
    public static final String KIND = "embeddings-checkpoint";

    /** One worker's position, taken at a sentence boundary. */
    public record WorkerState(long rng, int epoch, int sentence, long processed, long sinceReport, float alpha,
                              double lossSum, long lossCount) {}

    /** What the checkpoint file holds besides the state: the settings and the data it belongs to. */
    public record Saved(Word2VecCheckpoint state, Word2VecParams params, long corpusDigest, ObjectNode training) {}

    /** Writes the checkpoint atomically; {@code training} is the provenance the finished model will carry. */
    public void save(Path path, Word2VecParams p, long corpusDigest, ObjectNode training) throws IOException {
        ObjectNode meta = ModelArchive.newMeta(KIND);
        ObjectNode h = meta.putObject("params");
        h.put("cbow", p.cbow());
        h.put("dim", p.dim());
        h.put("window", p.window());
        h.put("negative", p.negative());
        h.put("min_count", p.minCount());
        h.put("sample", p.sample());
        h.put("epochs", p.epochs());
        h.put("lr", p.lr());
        h.put("minn", p.minn());
        h.put("maxn", p.maxn());
        h.put("buckets", p.maxBuckets());
        h.put("threads", p.threads());
        h.put("seed", p.seed());
        meta.put("corpus_digest", Long.toHexString(corpusDigest));
        meta.put("stride", stride);
        meta.set("training", training);
        ArrayNode ws = meta.putArray("workers");
        for (WorkerState w : workers) {
            ObjectNode o = ws.addObject();
            o.put("rng", w.rng());
            o.put("epoch", w.epoch());
            o.put("sentence", w.sentence());
            o.put("processed", w.processed());
            o.put("since_report", w.sinceReport());
            o.put("alpha", w.alpha());
            o.put("loss_sum", w.lossSum());
            o.put("loss_count", w.lossCount());
        }
        ModelArchive.write(path, meta, List.of(
                new Safetensors.Tensor("syn0", new int[] {syn0.length / stride, stride}, syn0),
                new Safetensors.Tensor("syn1", new int[] {syn1.length / stride, stride}, syn1)));
    }

    public static Saved load(Path path) {
        ModelArchive a = ModelArchive.read(path, KIND);
        ObjectNode m = a.meta();
        JsonNode h = m.path("params");
        JsonNode ws = m.path("workers");
        if (!h.isObject() || !ws.isArray() || ws.isEmpty()) {
            throw new ModelFileException(path + ": checkpoint lacks params or workers");
        }
        Word2VecParams p;
        try {
            p = new Word2VecParams(h.path("cbow").asBoolean(), h.path("dim").asInt(), h.path("window").asInt(),
                    h.path("negative").asInt(), h.path("min_count").asInt(), h.path("sample").asDouble(), h.path("epochs").asInt(),
                    h.path("lr").asDouble(), h.path("minn").asInt(), h.path("maxn").asInt(), h.path("buckets").asInt(),
                    h.path("threads").asInt(), h.path("seed").asLong());
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(path + ": bad checkpoint params: " + e.getMessage());
        }
        WorkerState[] states = new WorkerState[ws.size()];
        for (int i = 0; i < states.length; i++) {
            JsonNode o = ws.get(i);
            states[i] = new WorkerState(o.path("rng").asLong(), o.path("epoch").asInt(), o.path("sentence").asInt(),
                    o.path("processed").asLong(), o.path("since_report").asLong(), o.path("alpha").floatValue(),
                    o.path("loss_sum").asDouble(), o.path("loss_count").asLong());
        }
        long digest;
        try {
            digest = Long.parseUnsignedLong(m.path("corpus_digest").asText(), 16);
        } catch (NumberFormatException e) {
            throw new ModelFileException(path + ": checkpoint lacks its corpus digest");
        }
        ObjectNode training = m.path("training").isObject() ? (ObjectNode) m.get("training") : m.objectNode();
        Word2VecCheckpoint c = new Word2VecCheckpoint(a.tensor("syn0").values(), a.tensor("syn1").values(),
                m.path("stride").asInt(), states);
        return new Saved(c, p, digest, training);
    }
}
