package recur.train;

/** Training stopped by SIGINT or SIGTERM after writing a checkpoint; the command exits 130. */
public final class TrainingInterrupted extends RuntimeException {
    public TrainingInterrupted(String message) {
        super(message);
    }
}
