package io.seqmnist.experiment;

import io.seqmnist.InvalidSetting;

/** How many runs of a plan train at once. */
public final class Jobs {

    /**
     * What one run may hold at its peak: a run of the full training set peaked at 685-750 MB resident over ten epochs
     * (bench/README.md, "Memory over ten epochs"), the JVM's heap included.
     */
    static final long MEMORY_PER_RUN = 750L << 20;

    /**
     * What the default is computed from: the processors this JVM may use, the cores other processes keep busy now (NaN:
     * unknown), and the memory the system can give without swapping (negative: unknown).
     */
    record Machine(int processors, double busyCores, long availableMemory) {
        /** This machine now ({@link FreeCores}: half a second of sampling). */
        static Machine measure() {
            int processors = Runtime.getRuntime().availableProcessors();
            return new Machine(processors, FreeCores.busyCores(processors), FreeCores.availableMemory());
        }
    }

    private Jobs() {}

    /**
     * The jobs asked for, or by default as many as this machine runs side by side ({@link #jobsFor}), each run with
     * {@code threadsPerRun} engine threads.
     */
    public static int of(Integer asked, int threadsPerRun) {
        return require(asked != null ? asked : jobsFor(Machine.measure(), threadsPerRun));
    }

    /** A one-line error unless at least one job. */
    static int require(int jobs) {
        if (jobs < 1) {
            throw new InvalidSetting("{jobs} must be at least 1, got " + jobs);
        }
        return jobs;
    }

    /**
     * The cores nothing else uses (rounded to whole cores) divided by the engine threads of a run, and no more runs
     * than the available memory holds at {@link #MEMORY_PER_RUN} each; at least one. An unknown busy figure counts
     * every processor free, an unknown memory figure sets no bound.
     */
    static int jobsFor(Machine machine, int threadsPerRun) {
        if (threadsPerRun < 1) {
            throw new IllegalArgumentException("threads per run: " + threadsPerRun);
        }
        double busy = Double.isNaN(machine.busyCores()) ? 0 : Math.max(0, machine.busyCores());
        long freeCores = Math.round(Math.max(0, machine.processors() - busy));
        long byCores = freeCores / threadsPerRun;
        long byMemory = machine.availableMemory() < 0 ? Long.MAX_VALUE : machine.availableMemory() / MEMORY_PER_RUN;
        return (int) Math.max(1, Math.min(byCores, byMemory));
    }
}
