package recur.model;

/**
 * The checks every architecture record makes of the stack it describes (embedding width, hidden
 * width, layers, dropout), worded with the option names the commands take, so a bad shape reads
 * the same whichever model refuses it.
 */
public final class StackShape {
    private StackShape() {}

    /** Refuses a width or count below 1 and a dropout outside [0, 1). */
    public static void check(int emb, int hidden, int layers, double dropout) {
        positive(emb, "--emb");
        positive(hidden, "--hidden");
        positive(layers, "--layers");
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("--dropout must be in [0, 1), got " + dropout);
        }
    }

    /** Refuses a value below 1, naming what it is. */
    public static void positive(int v, String name) {
        if (v < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, got " + v);
        }
    }
}
