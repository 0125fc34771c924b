package io.seqmnist.accel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.training.tracker.Tracker;
import io.seqmnist.Backend;
import io.seqmnist.UserError;
import io.seqmnist.model.ModelKind;
import io.seqmnist.train.SaveableAdam;
import java.util.List;
import org.junit.jupiter.api.Test;

class AcceleratorTest {

    /** Where it may be on: Linux x86-64 with its natives; auto also not on Intel processors. */
    @Test
    void itIsOnlyForLinuxX86WithItsNativesAndAutoLeavesIntelAlone() {
        assertNull(Accelerator.unsuitable(Accelerator.Mode.AUTO, "Linux", "amd64", "AuthenticAMD", true));
        assertNull(Accelerator.unsuitable(Accelerator.Mode.ON, "Linux", "amd64", "GenuineIntel", true));
        assertTrue(Accelerator.unsuitable(Accelerator.Mode.AUTO, "Linux", "amd64", "GenuineIntel", true)
                .contains("Intel"));
        assertTrue(Accelerator.unsuitable(Accelerator.Mode.AUTO, "Linux", "amd64", "", true)
                .contains("vendor is unknown"));
        for (List<String> platform :
                List.of(List.of("Mac OS X", "aarch64"), List.of("Linux", "aarch64"), List.of("Windows 11", "amd64"))) {
            assertEquals(
                    "it works on Linux x86-64 only, this is " + platform.get(0) + " " + platform.get(1),
                    Accelerator.unsuitable(
                            Accelerator.Mode.ON, platform.get(0), platform.get(1), "AuthenticAMD", true));
        }
        assertTrue(Accelerator.unsuitable(Accelerator.Mode.ON, "Linux", "amd64", "AuthenticAMD", false)
                .contains("natives"));
    }

    @Test
    void modesAreNamedAsOnTheCommandLine() {
        assertEquals(Accelerator.Mode.AUTO, Accelerator.Mode.parse("auto"));
        assertEquals(Accelerator.Mode.OFF, Accelerator.Mode.parse("off"));
        assertEquals("on", Accelerator.Mode.ON.toString());
        assertThrows(UserError.class, () -> Accelerator.Mode.parse("yes"));
    }

    /** This suite's JVM turned it on (-Dseqmnist.accel=on): every hook is filled, and it stays on. */
    @OnLinuxX86
    @Test
    void onItFillsTheCoresHooksAndSaysWhatItChanged() {
        Accelerator.Status status = Accelerator.status();
        assertTrue(status.active(), status.toString());
        List<String> models =
                Backend.current().models().stream().map(Backend.Model::name).toList();
        assertEquals(List.of("fast-rnn", "fast-gru"), models);
        // the names the entry point gives in its error while the accelerator is off
        assertEquals(List.of(Accelerator.MODELS.split(",")), models);
        assertEquals("fast-gru", ModelKind.parse("fast-gru").cliName());
        assertTrue(SaveableAdam.create(Tracker.fixed(1e-3f), 0, 0) instanceof JavaAdam);
        List<String> lines = status.lines();
        assertTrue(lines.get(0).startsWith("accelerator: on ("), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("matrix products: ")), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("memory allocator: ")), lines.toString());
        assertEquals(status, Accelerator.enable(Accelerator.Mode.OFF), "once on, it stays on");
    }
}
