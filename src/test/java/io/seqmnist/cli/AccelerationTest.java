package io.seqmnist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.seqmnist.CliRun;
import io.seqmnist.UserError;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The accelerator's mode: --accel, else -Dseqmnist.accel (the launcher's SEQMNIST_ACCEL), else auto. */
@Tag("line-endings")
class AccelerationTest {

    @Test
    void theOptionWinsOverTheLaunchersSetting() {
        String before = System.getProperty(Acceleration.PROPERTY);
        try {
            System.setProperty(Acceleration.PROPERTY, "off");
            assertEquals(new Acceleration.Choice("on", "--accel on"), Acceleration.choice("on"));
            assertEquals(new Acceleration.Choice("off", "SEQMNIST_ACCEL=off"), Acceleration.choice(null));
            System.setProperty(Acceleration.PROPERTY, "sometimes");
            assertEquals(
                    "SEQMNIST_ACCEL must be auto, on or off, got 'sometimes'",
                    assertThrows(UserError.class, () -> Acceleration.choice(null))
                            .getMessage());
        } finally {
            if (before == null) {
                System.clearProperty(Acceleration.PROPERTY);
            } else {
                System.setProperty(Acceleration.PROPERTY, before);
            }
        }
    }

    /** On any command, before or after its name, checked before anything is computed. */
    @Test
    void aBadModeIsOneLine() {
        assertEquals(
                "seqmnist: --accel must be auto, on or off, got 'fast'",
                CliRun.of("shapes", "--accel", "fast").userError());
        assertEquals(
                "seqmnist: --accel must be auto, on or off, got 'fast'",
                CliRun.of("--accel", "fast", "info", "--data-dir", "nowhere").userError());
    }
}
