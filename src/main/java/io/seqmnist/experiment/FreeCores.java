package io.seqmnist.experiment;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How many cores nothing else is using right now: the machine's busy time over a short window (/proc/stat), minus this
 * process's own. The load average, used before, is a minute-long decaying mean: right after the launcher's own build it
 * read ~1 on an idle 2-core machine, and compare trained with one job.
 */
final class FreeCores {

    private static final Path STAT = Path.of("/proc/stat");
    private static final long WINDOW_MILLIS = 500;

    private FreeCores() {}

    /** Of {@code cores}, those free of other processes' work over half a second; NaN when unknown. */
    static double measure(int cores) {
        OperatingSystemMXBean self = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        try {
            long[] before = ticks(Files.readAllLines(STAT).get(0));
            long ownBefore = self.getProcessCpuTime();
            long start = System.nanoTime();
            Thread.sleep(WINDOW_MILLIS);
            long[] after = ticks(Files.readAllLines(STAT).get(0));
            double ownCores = (double) (self.getProcessCpuTime() - ownBefore) / (System.nanoTime() - start);
            return free(before, after, cores, ownCores);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Double.NaN;
        }
    }

    /**
     * Free cores from two samples of /proc/stat's "cpu" line: the busy share of the window (steal counts as busy: the
     * hypervisor gave the time to someone else) times the cores, less what this process used itself.
     */
    static double free(long[] before, long[] after, int cores, double ownCores) {
        long total = 0;
        for (int i = 0; i < before.length; i++) {
            total += after[i] - before[i];
        }
        if (total <= 0) {
            return Double.NaN;
        }
        long idle = (after[3] - before[3]) + (after[4] - before[4]); // idle + iowait
        double busyCores = (double) (total - idle) / total * cores;
        double othersBusy = Math.max(0, busyCores - Math.max(0, ownCores));
        return Math.max(0, cores - othersBusy);
    }

    /** user, nice, system, idle, iowait, irq, softirq, steal from the aggregate "cpu" line. */
    static long[] ticks(String cpuLine) {
        String[] fields = cpuLine.trim().split("\\s+");
        if (!fields[0].equals("cpu") || fields.length < 9) {
            throw new IllegalArgumentException("not /proc/stat's cpu line: " + cpuLine);
        }
        long[] ticks = new long[8];
        for (int i = 0; i < ticks.length; i++) {
            ticks[i] = Long.parseLong(fields[i + 1]);
        }
        return ticks;
    }
}
