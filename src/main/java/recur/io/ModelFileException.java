package recur.io;

/** A model file that is missing, truncated, corrupt or of another kind. Exit code 3. */
public class ModelFileException extends RuntimeException {
    public ModelFileException(String message) {
        super(message);
    }

    public ModelFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
