package recur.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.DoubleFunction;
import recur.io.JsonlWriter;
import recur.io.OutputClosedException;
import recur.train.Trainer;

/**
 * What every training command shows while {@link Trainer} runs: the progress line on standard
 * error (percent, epoch, loss, rate, the run's throughput, an ETA that respects --max-time) and
 * the metrics records on standard output, the line erased before each record so that the two
 * never share a line on a terminal. A training command's product is its model, so a closed
 * standard output ({@code | head -1}) gives one warning and training goes on to the end.
 */
public final class TrainingReport implements Trainer.Listener {
    private final String command;
    private final Progress progress;
    private final JsonlWriter out;
    private final String unit;
    private final double maxSeconds;
    private final DoubleFunction<String> lossText;
    private final long start = System.nanoTime();
    private double doneAtStart = -1;
    private double elapsedAtStart = -1;
    private boolean outClosed;

    /**
     * @param command the command's name, for messages
     * @param unit what throughput counts ("tokens", "examples")
     * @param maxSeconds --max-time in seconds, 0 for none
     * @param lossText how the running training loss is shown (e.g. loss and perplexity)
     */
    public TrainingReport(String command, Progress progress, JsonlWriter out, String unit, double maxSeconds,
                          DoubleFunction<String> lossText) {
        this.command = command;
        this.progress = progress;
        this.out = out;
        this.unit = unit;
        this.maxSeconds = maxSeconds;
        this.lossText = lossText;
    }

    @Override
    public void progress(Trainer.Position p, int totalEpochs, int batches, double loss, double lr, double perSecond) {
        double done = (p.epoch + p.batch / (double) batches) / totalEpochs;
        if (doneAtStart < 0) {
            doneAtStart = done;
            elapsedAtStart = p.elapsed;
        }
        double spent = (System.nanoTime() - start) / 1e9;
        double fraction = done - doneAtStart;
        double eta = fraction > 0 ? spent / fraction * (1 - done) : 0;
        if (maxSeconds > 0) {
            eta = Math.min(eta, Math.max(0, maxSeconds - p.elapsed));
        }
        progress.update(String.format("Progress: %5.1f%%  epoch %d/%d  %s  lr %.4g  %s/s %.0f  ETA %s",
                100 * done, p.epoch + 1, totalEpochs, lossText.apply(loss), lr, unit, perSecond, Progress.duration(eta)));
    }

    @Override
    public void record(ObjectNode metrics) {
        progress.clear();
        if (outClosed) {
            return;
        }
        try {
            out.write(metrics);
        } catch (OutputClosedException e) {
            outClosed = true;
            progress.warn("recur " + command + ": standard output was closed; training goes on to the end,"
                    + " without metrics records");
        }
    }

    @Override
    public void note(String message) {
        progress.note("recur " + command + ": " + message);
    }

    /** Flushes the records (a closed output is not an error here). */
    public void close() {
        progress.done();
        if (outClosed) {
            return;
        }
        try {
            out.close();
        } catch (OutputClosedException e) {
            outClosed = true;
        }
    }
}
