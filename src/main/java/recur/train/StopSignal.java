package recur.train;

import sun.misc.Signal;

/**
 * Turns Ctrl-C (SIGINT) and SIGTERM into a request the training loop sees between two steps,
 * so it can write a checkpoint before it exits. A second signal while the first is being served
 * ends the process at once, as users expect from a second Ctrl-C.
 */
public final class StopSignal {
    private static volatile boolean requested;
    private static boolean installed;

    private StopSignal() {}

    /** Installs the handlers (once per JVM). */
    public static synchronized void install() {
        if (installed) {
            return;
        }
        installed = true;
        for (String name : new String[] {"INT", "TERM"}) {
            try {
                Signal.handle(new Signal(name), s -> {
                    if (requested) {
                        Runtime.getRuntime().halt(130);
                    }
                    requested = true;
                });
            } catch (IllegalArgumentException unsupported) {
                // a platform without this signal: nothing to catch
            }
        }
    }

    public static boolean requested() {
        return requested;
    }

    /** For tests: asks the loop to stop as a signal would. */
    public static void request() {
        requested = true;
    }

    public static void clear() {
        requested = false;
    }
}
