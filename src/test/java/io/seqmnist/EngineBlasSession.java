package io.seqmnist;

import io.seqmnist.blas.EngineBlas;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Binds the engine's BLAS before the first test, as {@code Main} does before the first command:
 * whichever test happens to run first, the whole suite computes on what the product uses.
 */
public final class EngineBlasSession implements LauncherSessionListener {
    @Override
    public void launcherSessionOpened(LauncherSession session) {
        EngineBlas.install();
    }
}
