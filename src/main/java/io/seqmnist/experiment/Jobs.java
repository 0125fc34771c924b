package io.seqmnist.experiment;

import io.seqmnist.InvalidSetting;
import java.lang.management.ManagementFactory;

/** How many runs of a plan train at once. */
public final class Jobs {

    private Jobs() {}

    /**
     * The jobs asked for, or by default two when the machine has two cores that nothing else is using now, else one.
     */
    public static int of(Integer asked) {
        return require(asked != null ? asked : defaultJobs());
    }

    /** A one-line error unless at least one job. */
    static int require(int jobs) {
        if (jobs < 1) {
            throw new InvalidSetting("{jobs} must be at least 1, got " + jobs);
        }
        return jobs;
    }

    static int defaultJobs() {
        int cores = Runtime.getRuntime().availableProcessors();
        double free = FreeCores.measure(cores);
        if (Double.isNaN(free)) { // no /proc/stat: the load average, else every core
            double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            free = load < 0 ? cores : cores - load;
        }
        return jobsFor(free, cores);
    }

    static int jobsFor(double freeCores, int cores) {
        return (int) Math.max(1, Math.min(Math.min(cores, 2), Math.round(freeCores)));
    }
}
