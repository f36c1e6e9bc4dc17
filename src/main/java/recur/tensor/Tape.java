package recur.tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * Records the backward step of every operation a model runs forward, and replays them in reverse.
 * A model is written once, forward only. With recording off (evaluation, sampling) operations
 * record nothing and keep no caches alive.
 */
public final class Tape {
    private final List<Runnable> steps = new ArrayList<>();
    private boolean recording;

    public Tape(boolean recording) {
        this.recording = recording;
    }

    /** A tape that records. */
    public static Tape training() {
        return new Tape(true);
    }

    /** A tape that records nothing (inference). */
    public static Tape inference() {
        return new Tape(false);
    }

    public boolean recording() {
        return recording;
    }

    public void setRecording(boolean on) {
        recording = on;
    }

    /** Adds a backward step; operations call this after their forward pass. */
    public void record(Runnable backward) {
        if (recording) {
            steps.add(backward);
        }
    }

    /** Runs the recorded backward steps newest first, then forgets them. */
    public void backward() {
        for (int i = steps.size() - 1; i >= 0; i--) {
            steps.get(i).run();
        }
        steps.clear();
    }

    /** Forgets recorded steps without running them. */
    public void clear() {
        steps.clear();
    }

    public int size() {
        return steps.size();
    }
}
