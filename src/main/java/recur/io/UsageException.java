package recur.io;

/**
 * The command was asked for something it cannot do as invoked (not bad data, not a failed file):
 * exit code 2, like an unknown option. For checks below the command classes; a command's own
 * option checks may throw IllegalArgumentException or picocli's ParameterException.
 */
public class UsageException extends IllegalArgumentException {
    public UsageException(String message) {
        super(message);
    }
}
