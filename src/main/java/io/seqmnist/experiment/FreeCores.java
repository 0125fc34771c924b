package io.seqmnist.experiment;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What the machine has to spare now: the cores other processes keep busy over a short window, and the memory it can
 * still give. On Linux from /proc/stat and /proc/meminfo; elsewhere (macOS, Windows) from the JDK's operating-system
 * bean (the system's CPU load and free physical memory). The load average, used before, is a minute-long decaying mean
 * (right after the launcher's own build it read ~1 on an idle 2-core machine) and Windows does not report it.
 */
final class FreeCores {

    private static final Path STAT = Path.of("/proc/stat");
    private static final Path MEMINFO = Path.of("/proc/meminfo");
    private static final long WINDOW_MILLIS = 500;

    private FreeCores() {}

    /** Of {@code cores}, those free of other processes' work over half a second; NaN when unknown. */
    static double measure(int cores) {
        double busy = busyCores(cores);
        return Double.isNaN(busy) ? Double.NaN : Math.max(0, cores - busy);
    }

    /** Cores kept busy by other processes over half a second: /proc/stat, else the OS bean; NaN when unknown. */
    static double busyCores(int cores) {
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        try {
            boolean proc = Files.isReadable(STAT);
            long[] before = proc ? ticks(Files.readAllLines(STAT).get(0)) : null;
            os.getCpuLoad(); // the bean's first reading covers no window; this one starts it
            long ownBefore = os.getProcessCpuTime();
            long start = System.nanoTime();
            Thread.sleep(WINDOW_MILLIS);
            double ownCores = (double) (os.getProcessCpuTime() - ownBefore) / (System.nanoTime() - start);
            if (proc) {
                long[] after = ticks(Files.readAllLines(STAT).get(0));
                return busy(before, after, cores, ownCores);
            }
            return busy(os.getCpuLoad(), cores, ownCores);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Double.NaN;
        }
    }

    /**
     * Bytes the system can give to new processes without swapping: MemAvailable on Linux (it counts the page cache that
     * can be dropped, unlike "free"), else the OS bean's free physical memory; -1 when unknown.
     */
    static long availableMemory() {
        try {
            if (Files.isReadable(MEMINFO)) {
                long available = memAvailable(Files.readAllLines(MEMINFO));
                if (available >= 0) {
                    return available;
                }
            }
            OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            long free = os.getFreeMemorySize();
            return free > 0 ? free : -1;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** MemAvailable in bytes from /proc/meminfo's lines ("MemAvailable: 23709000 kB"), -1 when absent. */
    static long memAvailable(List<String> meminfo) {
        for (String line : meminfo) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length >= 2 && fields[0].equals("MemAvailable:")) {
                long value = Long.parseLong(fields[1]);
                return fields.length >= 3 && fields[2].equalsIgnoreCase("kB") ? value * 1024 : value;
            }
        }
        return -1;
    }

    /** Free cores from two samples of /proc/stat's "cpu" line (see {@link #busy(long[], long[], int, double)}). */
    static double free(long[] before, long[] after, int cores, double ownCores) {
        double busy = busy(before, after, cores, ownCores);
        return Double.isNaN(busy) ? Double.NaN : Math.max(0, cores - busy);
    }

    /**
     * Cores other processes kept busy, from two samples of /proc/stat's "cpu" line: the busy share of the window (steal
     * counts as busy: the hypervisor gave the time to someone else) times the cores, less what this process used.
     */
    static double busy(long[] before, long[] after, int cores, double ownCores) {
        long total = 0;
        for (int i = 0; i < before.length; i++) {
            total += after[i] - before[i];
        }
        if (total <= 0) {
            return Double.NaN;
        }
        long idle = (after[3] - before[3]) + (after[4] - before[4]); // idle + iowait
        double busyCores = (double) (total - idle) / total * cores;
        return Math.min(cores, Math.max(0, busyCores - Math.max(0, ownCores)));
    }

    /**
     * Cores other processes kept busy from the OS bean's system CPU load (0..1 over all processors since its previous
     * reading; negative when unknown), less what this process used.
     */
    static double busy(double systemLoad, int cores, double ownCores) {
        if (!(systemLoad >= 0)) {
            return Double.NaN;
        }
        return Math.min(cores, Math.max(0, Math.min(1, systemLoad) * cores - Math.max(0, ownCores)));
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
