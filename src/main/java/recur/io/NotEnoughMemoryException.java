package recur.io;

/**
 * An allocation the heap cannot hold, found before it was tried ({@link Memory#require}) or after the
 * JVM ran out. Exit code 3, with one line saying how much was needed and how to give more.
 */
public class NotEnoughMemoryException extends RuntimeException {
    public NotEnoughMemoryException(String message) {
        super(message);
    }
}
