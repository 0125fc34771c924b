package io.seqmnist;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a class's main method in a fresh JVM with this JVM's options and class path, so a measurement (peak resident
 * memory above all) belongs to that run alone.
 */
public final class ChildJvm {

    private ChildJvm() {}

    /** The command line: same java, same -X/-D options, same class path. */
    public static List<String> command(Class<?> mainClass, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String option : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!option.startsWith("-agentlib:jdwp")) { // a debugger port cannot be shared
                command.add(option);
            }
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass.getName());
        command.addAll(args);
        return command;
    }

    /** Runs a command line, say {@link #command}'s, with this process's output streams; returns its exit status. */
    public static int run(List<String> command) {
        try {
            Process child = new ProcessBuilder(command).inheritIO().start();
            return child.waitFor();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start a JVM: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a child JVM", e);
        }
    }
}
