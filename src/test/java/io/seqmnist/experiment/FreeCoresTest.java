package io.seqmnist.experiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** compare's default job count from the cores free now, not from the load average. */
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
        assertEquals(expectedJobs, Jobs.jobsFor(free, 2));
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

    @Test
    void oneCoreMeansOneJobAndNeverZero() {
        assertEquals(1, Jobs.jobsFor(1.0, 1));
        assertEquals(1, Jobs.jobsFor(0.0, 2));
        assertEquals(2, Jobs.jobsFor(8.0, 8));
    }

    @Test
    void measuresThisMachine() {
        int cores = Runtime.getRuntime().availableProcessors();
        double free = FreeCores.measure(cores);
        assertTrue(free >= 0 && free <= cores, "free cores " + free + " of " + cores);
    }
}
