package io.seqmnist.experiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * compare's default job count from the processors, the cores other processes keep busy now (not the load average) and
 * the available memory, with faked figures; and the readings it is made of, on Linux and elsewhere.
 */
class FreeCoresTest {

    // /proc/stat "cpu" lines 0.5 s apart on a 2-core machine (100 ticks per second per core)
    private static final String BEFORE = "cpu  1000 0 500 20000 100 0 10 0 0 0";

    private static long[] after(long user, long system, long idle, long steal) {
        return FreeCores.ticks(
                String.format("cpu  %d 0 %d %d 100 0 10 %d 0 0", 1000 + user, 500 + system, 20000 + idle, steal));
    }

    @Test
    void readsTheEightTimesOfTheCpuLine() {
        assertArrayEquals(new long[] {1000, 0, 500, 20000, 100, 0, 10, 0}, FreeCores.ticks(BEFORE));
        assertThrows(IllegalArgumentException.class, () -> FreeCores.ticks("cpu0 1 2 3 4 5 6 7 8"));
        assertThrows(IllegalArgumentException.class, () -> FreeCores.ticks("cpu 1 2 3"));
    }

    /** Free cores and compare's jobs on 2 cores, 0.5 s after {@link #BEFORE}. */
    private static void assertFree(double expectedFree, int expectedJobs, long[] after, double ownCores) {
        double free = FreeCores.free(FreeCores.ticks(BEFORE), after, 2, ownCores);
        assertEquals(expectedFree, free, 1e-9);
        assertEquals(expectedJobs, Jobs.jobsFor(new Jobs.Machine(2, 2 - free, -1), 1));
    }

    @Test
    void anIdleMachineHasBothCoresFree() {
        assertFree(1.98, 2, after(1, 0, 99, 0), 0.0);
    }

    @Test
    void anotherProcessOnOneCoreLeavesOne() {
        assertFree(1.02, 1, after(48, 2, 50, 0), 0.02);
    }

    @Test
    void thisProcessesOwnWorkDoesNotCount() {
        assertFree(2.0, 2, after(25, 5, 70, 0), 0.6); // 0.6 of a core busy, all of it this JVM
    }

    @Test
    void stolenTimeIsNotFree() {
        assertFree(0.8, 1, after(0, 0, 40, 60), 0.0);
    }

    private static final long GB = 1L << 30;

    private static int jobs(int processors, double busy, long memory, int threads) {
        return Jobs.jobsFor(new Jobs.Machine(processors, busy, memory), threads);
    }

    @Test
    void everyFreeCoreOfABigMachineGetsARunNotTwo() {
        assertEquals(32, jobs(32, 0.1, 64 * GB, 1));
        assertEquals(24, jobs(32, 8.2, 64 * GB, 1), "8 cores busy with others' work");
        assertEquals(12, jobs(32, 8.2, 64 * GB, 2), "two engine threads a run");
        assertEquals(2, jobs(2, 0.02, 23 * GB, 1), "this 2-core machine, idle");
    }

    @Test
    void memoryBoundsTheJobsAt750MbARun() {
        assertEquals(5, jobs(32, 0, 4 * GB, 1), "4 GB hold five runs of 750 MB");
        assertEquals(10, jobs(32, 0, 10 * Jobs.MEMORY_PER_RUN, 1));
        assertEquals(9, jobs(32, 0, 10 * Jobs.MEMORY_PER_RUN - 1, 1));
        assertEquals(1, jobs(8, 0, 300L << 20, 1), "never zero, even short of memory");
    }

    @Test
    void unknownFiguresSetNoBound() {
        assertEquals(8, jobs(8, Double.NaN, -1, 1));
        assertEquals(4, jobs(8, Double.NaN, 3 * GB, 1));
    }

    @Test
    void oneCoreMeansOneJobAndNeverZero() {
        assertEquals(1, jobs(1, 0, 8 * GB, 1));
        assertEquals(1, jobs(2, 2.0, 8 * GB, 1));
        assertEquals(1, jobs(4, 0, 8 * GB, 8));
    }

    @Test
    void readsMemAvailableNotMemFree() {
        List<String> meminfo =
                List.of("MemTotal:       24730700 kB", "MemFree:         1000000 kB", "MemAvailable:   23709000 kB");
        assertEquals(23709000L * 1024, FreeCores.memAvailable(meminfo));
        assertEquals(-1, FreeCores.memAvailable(List.of("MemTotal:       24730700 kB")));
    }

    @Test
    void elsewhereTheSystemLoadOfTheOsBeanLessThisProcess() {
        assertEquals(3.0, FreeCores.busy(0.5, 8, 1.0), 1e-9);
        assertEquals(0.0, FreeCores.busy(0.1, 8, 1.0), 1e-9);
        assertTrue(Double.isNaN(FreeCores.busy(-1, 8, 0)), "the bean's 'unknown'");
    }

    @Test
    void measuresThisMachine() {
        int cores = Runtime.getRuntime().availableProcessors();
        double free = FreeCores.measure(cores);
        assertTrue(free >= 0 && free <= cores, "free cores " + free + " of " + cores);
        long memory = FreeCores.availableMemory();
        assertTrue(memory > 0, "available memory " + memory);
    }
}
