package recur.train;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import recur.io.Safetensors;
import recur.model.LanguageModel;
import recur.model.LmState;
import recur.nn.SoftmaxCrossEntropy;
import recur.tensor.ParamStore;
import recur.tensor.Tape;

/**
 * Language modelling as a {@link Task}, trained with truncated backpropagation through time as
 * PyTorch's word_language_model does: the training stream in {@code batch} columns, windows of
 * {@code bptt} steps ({@link BpttBatches}, the same order every epoch), the hidden state carried
 * across windows and detached. Validation reads the validation stream the same way
 * ({@link LmEvaluator}) and keeps the model with the lowest validation loss.
 */
public final class LmTask implements Task {
    /** The LM's batching. */
    public record Shape(int batch, int bptt, int evalBatch, boolean charLevel) {
        public Shape {
            positive(batch, "--batch");
            positive(bptt, "--bptt");
            positive(evalBatch, "--eval-batch");
        }

        private static void positive(long v, String name) {
            if (v < 1) {
                throw new IllegalArgumentException(name + " must be at least 1, got " + v);
            }
        }
    }

    private final LanguageModel model;
    private final Shape shape;
    private final BpttBatches batches;
    private final int[] validStream;
    private final LmState state;
    private final int[] x;
    private final int[] y;

    /** @param validStream null without validation data */
    public LmTask(LanguageModel model, int[] trainStream, int[] validStream, Shape shape) {
        this.model = model;
        this.shape = shape;
        this.batches = new BpttBatches(trainStream, shape.batch(), shape.bptt());
        if (batches.isEmpty()) {
            throw new IllegalArgumentException("the training data has " + trainStream.length
                    + " tokens: too few for --batch " + shape.batch() + " (need at least 2 per column)");
        }
        this.validStream = validStream;
        this.state = model.newState(shape.batch());
        this.x = new int[shape.batch() * shape.bptt()];
        this.y = new int[shape.batch() * shape.bptt()];
    }

    /** Windows in one epoch. */
    public int windows() {
        return batches.windows();
    }

    @Override
    public ParamStore params() {
        return model.params();
    }

    @Override
    public String unit() {
        return "tokens";
    }

    @Override
    public Epoch epoch(int epoch) {
        return new Epoch() {
            @Override
            public int size() {
                return batches.windows();
            }

            @Override
            public Loss loss(Tape tape, int window, SplittableRandom rnd) {
                int b = shape.batch();
                int steps = batches.fill(window, x, y);
                int n = steps * b;
                int[] inputs = n == x.length ? x : Arrays.copyOf(x, n);
                int[] targets = n == y.length ? y : Arrays.copyOf(y, n);
                SoftmaxCrossEntropy.Loss loss = model.loss(tape, inputs, targets, steps, b, state, rnd);
                return new Loss(loss.loss(), loss.nllSum(), loss.count(), n);
            }
        };
    }

    @Override
    public Validation validate() {
        if (validStream == null) {
            return null;
        }
        LmEvaluator.Result res = LmEvaluator.evaluate(model, validStream, shape.evalBatch(), shape.bptt());
        LinkedHashMap<String, Double> m = new LinkedHashMap<>();
        m.put("valid_loss", res.meanLoss());
        m.put("valid_ppl", res.perplexity());
        m.put(shape.charLevel() ? "valid_bpc" : "valid_bits_per_token", res.bits());
        return new Validation(res.meanLoss(), m);
    }

    @Override
    public double divergedAbove() {
        return 2 * Math.log(model.vocabSize());
    }

    @Override
    public Best best() {
        return new Best("valid_loss", false);
    }

    @Override
    public Carried carried() {
        return new Carried() {
            @Override
            public void reset() {
                state.reset();
            }

            @Override
            public List<Safetensors.Tensor> save() {
                List<Safetensors.Tensor> tensors = new java.util.ArrayList<>();
                for (int i = 0; i < state.floats.size(); i++) {
                    float[] f = state.floats.get(i);
                    tensors.add(new Safetensors.Tensor("state." + i, new int[] {f.length}, f));
                }
                if (state.history != null) {
                    float[] h = new float[state.history.length];
                    for (int i = 0; i < h.length; i++) {
                        h[i] = state.history[i];
                    }
                    tensors.add(new Safetensors.Tensor("state.history", new int[] {h.length}, h));
                }
                return tensors;
            }

            @Override
            public void restore(Map<String, Safetensors.Tensor> tensors) {
                for (int i = 0; i < state.floats.size(); i++) {
                    Safetensors.Tensor t = tensors.get("state." + i);
                    float[] dst = state.floats.get(i);
                    if (t == null || t.size() != dst.length) {
                        throw new IllegalArgumentException("--resume: the checkpoint's state does not fit these options"
                                + " (was --batch changed?)");
                    }
                    System.arraycopy(t.data(), t.offset(), dst, 0, dst.length);
                }
                if (state.history != null) {
                    Safetensors.Tensor t = tensors.get("state.history");
                    if (t == null || t.size() != state.history.length) {
                        throw new IllegalArgumentException("--resume: the checkpoint's history does not fit these options"
                                + " (was --batch changed?)");
                    }
                    for (int i = 0; i < state.history.length; i++) {
                        state.history[i] = (int) t.data()[t.offset() + i];
                    }
                }
            }
        };
    }
}
