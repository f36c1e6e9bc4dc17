package recur.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import recur.io.Json;
import recur.io.ModelArchive;
import recur.io.ModelFileException;
import recur.io.Safetensors;
import recur.model.ModelFile;
import recur.optim.LrSchedule;
import recur.optim.Optimizer;

/**
 * Writes the best model and the checkpoints of one training run as {@link ModelFile}s, and
 * restores a run from its checkpoint, for any task. A checkpoint is the model file plus
 * "checkpoint" in recur.json (position, optimiser and schedule scalars) and, among the weights,
 * the optimiser's moments ({@code optim.*}) and the task's carried state ({@code state.*}).
 */
public final class Checkpoints implements Trainer.Saver {
    private final Path output;
    private final Path checkpoint;
    private final ModelFile.Contents model;
    private final JsonNode provenance;
    private final JsonNode run;

    /**
     * @param provenance stored in every file under "training" (see cli/Provenance)
     * @param run stored in checkpoints as "checkpoint.run": what resuming needs besides the
     *            tensors and the position: the command's options ("options") and the digest of
     *            the training data ("data_sha256") to refuse other data with
     */
    public Checkpoints(Path output, Path checkpoint, ModelFile.Contents model, JsonNode provenance, JsonNode run) {
        this.output = output;
        this.checkpoint = checkpoint;
        this.model = model;
        this.provenance = provenance;
        this.run = run;
    }

    public Path checkpointPath() {
        return checkpoint;
    }

    @Override
    public String checkpointName() {
        return checkpoint.toString();
    }

    @Override
    public void saveModel(Trainer.Position at) {
        try {
            ModelFile.write(output, model, provenance, null, List.of());
        } catch (IOException e) {
            throw saving(output, e);
        }
    }

    @Override
    public void checkpoint(Trainer.Position at, Optimizer optimizer, LrSchedule schedule, Task.Carried carried) {
        ObjectNode ck = Json.MAPPER.createObjectNode();
        ck.set("position", at.toJson());
        ck.set("optimizer", Json.MAPPER.valueToTree(optimizer.stateScalars()));
        ck.set("schedule", Json.MAPPER.valueToTree(schedule.state()));
        if (run != null) {
            ck.set("run", run);
        }
        List<Safetensors.Tensor> tensors = new ArrayList<>();
        for (Map.Entry<String, float[]> e : optimizer.stateTensors().entrySet()) {
            tensors.add(new Safetensors.Tensor("optim." + e.getKey(), new int[] {e.getValue().length}, e.getValue()));
        }
        tensors.addAll(carried.save());
        try {
            ModelFile.write(checkpoint, model, provenance, ck, tensors);
        } catch (IOException e) {
            throw saving(checkpoint, e);
        }
    }

    /**
     * Puts a checkpoint's optimiser, schedule and carried state back and returns where it stopped.
     * The parameters were loaded with the model.
     */
    public static Trainer.Position restore(ModelArchive archive, Path from, Optimizer optimizer, LrSchedule schedule,
                                           Task.Carried carried) {
        JsonNode ck = archive.meta().path("checkpoint");
        if (!ck.isObject()) {
            throw new ModelFileException(from + ": not a checkpoint (no training state); training writes them as OUTPUT.ckpt");
        }
        Map<String, float[]> optim = new HashMap<>();
        for (Map.Entry<String, Safetensors.Tensor> e : archive.tensors().entrySet()) {
            if (e.getKey().startsWith("optim.")) {
                optim.put(e.getKey().substring("optim.".length()), e.getValue().values());
            }
        }
        optimizer.restore(optim, scalars(ck.path("optimizer")));
        schedule.restore(scalars(ck.path("schedule")));
        carried.restore(archive.tensors());
        return Trainer.Position.fromJson(ck.path("position"));
    }

    /** Wraps an IOException from saving. */
    public static UncheckedIOException saving(Path path, IOException e) {
        return new UncheckedIOException("writing " + path + ": " + e.getMessage(), e);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> scalars(JsonNode node) {
        return node.isObject() ? Json.MAPPER.convertValue(node, Map.class) : Map.of();
    }
}
