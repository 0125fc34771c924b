package io.seqmnist.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** Pinning affects the calling thread only: the kernel's view of both threads says so. */
class ThreadAffinityTest {

    @Test
    @EnabledOnOs(value = OS.LINUX, disabledReason = "sched_setaffinity and /proc are Linux's")
    void pinsTheCallingThreadAndNoOther() throws Exception {
        String before = allowed();
        int last = Runtime.getRuntime().availableProcessors() - 1;
        AtomicReference<String> pinned = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread thread = new Thread(() -> {
            try {
                ThreadAffinity.pinCurrentThread(last);
                pinned.set(allowed());
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        thread.start();
        thread.join();
        assertEquals(null, failure.get());
        assertEquals(String.valueOf(last), pinned.get());
        assertEquals(before, allowed()); // this thread is untouched
    }

    /** The calling thread's Cpus_allowed_list, e.g. "0-1" or "1". */
    private static String allowed() throws Exception {
        return Files.readAllLines(Path.of("/proc/thread-self/status")).stream()
                .filter(line -> line.startsWith("Cpus_allowed_list:"))
                .map(line -> line.substring(line.indexOf(':') + 1).trim())
                .findFirst()
                .orElseThrow();
    }
}
