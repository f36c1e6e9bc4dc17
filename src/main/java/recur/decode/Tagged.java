package recur.decode;

/**
 * A task with what its caller needs back beside the result (the record it came from, which
 * sample of it), so that a command can hand the batcher its own items.
 */
public record Tagged<T, K extends Batcher.Task>(T tag, K task) implements Batcher.Task {
    @Override
    public boolean done() {
        return task.done();
    }

    @Override
    public int nextInput() {
        return task.nextInput();
    }

    @Override
    public boolean needsLogits() {
        return task.needsLogits();
    }

    @Override
    public void accept(float[] logits, int lo, int v) {
        task.accept(logits, lo, v);
    }
}
