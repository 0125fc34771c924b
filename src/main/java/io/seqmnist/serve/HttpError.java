package io.seqmnist.serve;

/** A request the server refuses: the HTTP status and a one-line reason for the JSON body. */
final class HttpError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;

    HttpError(int status, String message) {
        super(message);
        this.status = status;
    }

    int status() {
        return status;
    }
}
