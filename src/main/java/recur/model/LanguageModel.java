package recur.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.SplittableRandom;
import recur.nn.SoftmaxCrossEntropy;
import recur.tensor.ParamStore;
import recur.tensor.Tape;
import recur.tensor.Var;

/** An autoregressive model over ids: embedding, a sequence network, a softmax projection. */
public interface LanguageModel {
    ParamStore params();

    int vocabSize();

    /** A zeroed state for {@code batch} parallel streams. */
    LmState newState(int batch);

    /**
     * Runs one window. {@code ids} holds T·B ids time-major (step t, stream b at t·B + b); the
     * result is the logits for the same positions, [T·B, V]. The state is read as the start of
     * the window and replaced by its end (values only).
     */
    Var forward(Tape tape, int[] ids, int steps, int batch, LmState state, SplittableRandom rnd);

    /**
     * Runs one window as {@link #forward} does and scores it: the cross-entropy of {@code targets}
     * (T·B ids, time-major like {@code ids}), with the projection and the softmax fused so that
     * no (T·B, V) logits are kept (see {@link recur.nn.LinearCrossEntropy}). On a training tape
     * its backward adds the gradients of the mean loss.
     */
    SoftmaxCrossEntropy.Loss loss(Tape tape, int[] ids, int[] targets, int steps, int batch, LmState state,
                                  SplittableRandom rnd);

    /**
     * A one-step-at-a-time view for decoding (sampling, scoring), over a snapshot of the current
     * weights; see {@link StepModel}. Each decoding thread makes its own.
     */
    StepModel stepper();

    /** The architecture as stored in recur.json, enough to rebuild the model. */
    ObjectNode architecture();
}
