package recur.tensor;

import org.ojalgo.OjAlgoUtils;
import org.ojalgo.concurrent.Parallelism;
import org.ojalgo.matrix.operation.MultiplyBoth;
import org.ojalgo.matrix.operation.MultiplyLeft;
import org.ojalgo.matrix.operation.MultiplyNeither;
import org.ojalgo.matrix.operation.MultiplyRight;

/**
 * ojAlgo set to run on the calling thread only. ojAlgo splits its products over its own daemon
 * pool by default; next to {@link Parallel}'s helpers that would oversubscribe a 2-core machine,
 * so every class that uses ojAlgo calls {@link #configure()} in its static initialiser. Not done
 * eagerly elsewhere: loading ojAlgo's environment probe costs about 0.1 s of start-up.
 */
public final class OjAlgo {
    static {
        OjAlgoUtils.limitThreadsTo(1);
        MultiplyNeither.PARALLELISM = Parallelism.ONE;
        MultiplyLeft.PARALLELISM = Parallelism.ONE;
        MultiplyRight.PARALLELISM = Parallelism.ONE;
        MultiplyBoth.PARALLELISM = Parallelism.ONE;
    }

    private OjAlgo() {}

    /** Ensures the settings above are in force (the first call applies them; later calls do nothing). */
    public static void configure() {
        // The work happens in the static initialiser, which the JVM runs exactly once.
    }
}
