package recur.train;

import recur.io.BadInputException;

/**
 * Training stopped because the loss became non-finite or exploded: the settings (usually the
 * learning rate) do not train this model on this data. Exit 1, like other input that cannot be
 * used; the message says what happened and what to change.
 */
public final class TrainingDiverged extends BadInputException {
    public TrainingDiverged(String message) {
        super(null, message);
    }
}
