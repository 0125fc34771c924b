package io.seqmnist.bench;

import com.sun.jna.Library;
import com.sun.jna.Native;

/**
 * Pins the calling thread, and no other, to one processor (Linux {@code sched_setaffinity} with pid 0). The bench pins
 * its training thread this way so that it and PyTorch's one-thread process can be measured on the same core, while the
 * JVM's compiler and collector threads keep the other core, as they have it in a real training run.
 */
final class ThreadAffinity {

    private interface C extends Library {
        C LIBRARY = Native.load("c", C.class);

        int sched_setaffinity(int pid, long cpusetSize, long[] mask);
    }

    private ThreadAffinity() {}

    /** Whether this system can pin a thread this way: Linux only. */
    static boolean available() {
        return System.getProperty("os.name").startsWith("Linux");
    }

    static void pinCurrentThread(int cpu) {
        long[] mask = new long[16]; // a cpu_set_t: 1024 processors
        mask[cpu / 64] = 1L << (cpu % 64);
        if (C.LIBRARY.sched_setaffinity(0, mask.length * 8L, mask) != 0) {
            throw new IllegalStateException("cannot pin the training thread to processor " + cpu
                    + ": sched_setaffinity failed with errno " + Native.getLastError());
        }
    }
}
