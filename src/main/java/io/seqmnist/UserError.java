package io.seqmnist;

/**
 * A mistake the user can fix (a bad option, a missing or malformed file). The command line prints its message as one
 * line, without a stack trace, and exits with {@link #EXIT_CODE}.
 */
public class UserError extends RuntimeException {

    public static final int EXIT_CODE = 2;

    private static final long serialVersionUID = 1L;

    public UserError(String message) {
        super(message);
    }

    public UserError(String message, Throwable cause) {
        super(message, cause);
    }

    /** The command line's exit status for this error. */
    public int exitCode() {
        return EXIT_CODE;
    }
}
