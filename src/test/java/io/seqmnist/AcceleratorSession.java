package io.seqmnist;

import io.seqmnist.accel.Accelerator;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Sets the accelerator up before the first test as the command line does before the first command, from
 * {@code -Dseqmnist.accel} or {@code SEQMNIST_ACCEL} (auto when neither is set): whichever test happens to run first,
 * the whole suite computes as the product does. With off no class of the accelerator is loaded.
 */
public final class AcceleratorSession implements LauncherSessionListener {
    @Override
    public void launcherSessionOpened(LauncherSession session) {
        String mode = System.getProperty("seqmnist.accel", System.getenv().getOrDefault("SEQMNIST_ACCEL", "auto"));
        if (!mode.equals("off")) {
            On.enable(mode);
        }
    }

    /** Apart, so that with off the accelerator's classes are not even loaded. */
    private static final class On {
        static void enable(String mode) {
            System.out.println("[seqmnist tests] "
                    + String.join(
                            "; ",
                            Accelerator.enable(Accelerator.Mode.parse(mode)).lines()));
        }
    }
}
