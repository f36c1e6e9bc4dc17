package recur.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import recur.io.Json;
import recur.io.ModelFileException;
import recur.io.Safetensors;
import recur.model.LanguageModel;
import recur.model.LineCodec;
import recur.model.LmFile;
import recur.model.LmState;
import recur.optim.LrSchedule;
import recur.optim.Optimizer;

/**
 * Writes the best model and checkpoints of one training run, and restores a run from its
 * checkpoint. A checkpoint is a model file whose recur.json also holds "checkpoint" (position,
 * optimiser and schedule scalars) and whose weights also hold the optimiser's moments
 * ({@code optim.*}) and the carried state ({@code state.*}).
 */
public final class LmFiles implements LmTrainer.LmCheckpoint {
    private final Path output;
    private final Path checkpoint;
    private final LanguageModel model;
    private final LineCodec codec;
    private final ObjectNode training;

    /**
     * @param training provenance stored in every file under "training" (command, seed, data digest)
     */
    public LmFiles(Path output, Path checkpoint, LanguageModel model, LineCodec codec, ObjectNode training) {
        this.output = output;
        this.checkpoint = checkpoint;
        this.model = model;
        this.codec = codec;
        this.training = training;
    }

    @Override
    public Path checkpointPath() {
        return checkpoint;
    }

    @Override
    public void saveModel(LmTrainer.Position at) {
        ObjectNode extra = Json.MAPPER.createObjectNode();
        extra.set("training", training);
        try {
            LmFile.save(output, model, codec, extra, List.of());
        } catch (IOException e) {
            throw LmTrainer.saving(output, e);
        }
    }

    @Override
    public void checkpoint(LmTrainer.Position at, LmState state, Optimizer optimizer, LrSchedule schedule) {
        ObjectNode extra = Json.MAPPER.createObjectNode();
        extra.set("training", training);
        ObjectNode ck = extra.putObject("checkpoint");
        ck.set("position", at.toJson());
        ck.set("optimizer", Json.MAPPER.valueToTree(optimizer.stateScalars()));
        ck.set("schedule", Json.MAPPER.valueToTree(schedule.state()));
        List<Safetensors.Tensor> tensors = new ArrayList<>();
        for (Map.Entry<String, float[]> e : optimizer.stateTensors().entrySet()) {
            tensors.add(new Safetensors.Tensor("optim." + e.getKey(), new int[] {e.getValue().length}, e.getValue()));
        }
        for (int i = 0; i < state.floats.size(); i++) {
            tensors.add(new Safetensors.Tensor("state." + i, new int[] {state.floats.get(i).length}, state.floats.get(i)));
        }
        if (state.history != null) {
            float[] h = new float[state.history.length];
            for (int i = 0; i < h.length; i++) {
                h[i] = state.history[i];
            }
            tensors.add(new Safetensors.Tensor("state.history", new int[] {h.length}, h));
        }
        try {
            LmFile.save(checkpoint, model, codec, extra, tensors);
        } catch (IOException e) {
            throw LmTrainer.saving(checkpoint, e);
        }
    }

    /**
     * Puts a loaded checkpoint's optimiser, schedule and carried state back and returns where it
     * stopped. The state must have been made for the same batch size.
     */
    public static LmTrainer.Position restore(LmFile.Loaded loaded, Path from, LmState state, Optimizer optimizer,
                                             LrSchedule schedule) {
        JsonNode ck = loaded.meta().path("checkpoint");
        if (!ck.isObject()) {
            throw new ModelFileException(from + ": not a checkpoint (no training state); train-lm writes them as OUTPUT.ckpt");
        }
        Map<String, float[]> optim = new HashMap<>();
        for (Map.Entry<String, Safetensors.Tensor> e : loaded.archive().tensors().entrySet()) {
            if (e.getKey().startsWith("optim.")) {
                optim.put(e.getKey().substring("optim.".length()), e.getValue().values());
            }
        }
        optimizer.restore(optim, scalars(ck.path("optimizer")));
        schedule.restore(scalars(ck.path("schedule")));
        for (int i = 0; i < state.floats.size(); i++) {
            Safetensors.Tensor t = loaded.archive().tensor("state." + i);
            float[] dst = state.floats.get(i);
            if (t.size() != dst.length) {
                throw new IllegalArgumentException("--resume: the checkpoint's state has " + t.size()
                        + " values; these options need " + dst.length + " (was --batch changed?)");
            }
            System.arraycopy(t.data(), t.offset(), dst, 0, dst.length);
        }
        if (state.history != null) {
            Safetensors.Tensor t = loaded.archive().tensor("state.history");
            if (t.size() != state.history.length) {
                throw new IllegalArgumentException("--resume: the checkpoint's history does not fit these options (was --batch changed?)");
            }
            for (int i = 0; i < state.history.length; i++) {
                state.history[i] = (int) t.data()[t.offset() + i];
            }
        }
        return LmTrainer.Position.fromJson(ck.path("position"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> scalars(JsonNode node) {
        return node.isObject() ? Json.MAPPER.convertValue(node, Map.class) : Map.of();
    }
}
