package io.seqmnist.data.fetch;

/**
 * A source could not give a file, in one line (why, and which file): the fetch says it and tries the next source.
 * Unchecked, so that it can leave a file being written (see AtomicFile).
 */
public final class SourceFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public SourceFailure(String reason) {
        super(reason);
    }
}
