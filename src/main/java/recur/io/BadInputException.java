package recur.io;

/**
 * Input data that cannot be used, with the place it came from ({@code train.jsonl:17}).
 * Commands map it to exit code 1.
 */
public class BadInputException extends RuntimeException {
    private final String where;

    public BadInputException(String where, String message) {
        super(where == null ? message : where + ": " + message);
        this.where = where;
    }

    /** {@code file:line}, or null when the problem has no single place. */
    public String where() {
        return where;
    }
}
