package recur.io;

/** Standard output was closed by the reader ({@code recur ... | head}); the command ends quietly. */
public class OutputClosedException extends RuntimeException {
    public OutputClosedException(Throwable cause) {
        super("output closed", cause);
    }
}
