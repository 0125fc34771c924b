package io.seqmnist.accel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.seqmnist.ChildJvm;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs a main class in a fresh JVM (libtorch and oneMKL fix some choices once per process) and returns what it printed,
 * asserting that it exited normally.
 */
final class ChildOutput {

    private ChildOutput() {}

    /**
     * @param jvmOptions extra options for the child JVM, e.g. -Dkey=value
     * @param environment variables to set in the child; a null value removes the variable
     */
    static String of(Class<?> mainClass, List<String> jvmOptions, Map<String, String> environment)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(ChildJvm.command(mainClass, List.of()));
        command.addAll(1, jvmOptions);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        environment.forEach((name, value) -> {
            if (value == null) {
                builder.environment().remove(name);
            } else {
                builder.environment().put(name, value);
            }
        });
        Process child = builder.start();
        String log = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, child.waitFor(), log);
        return log;
    }
}
