package io.seqmnist.cli;

import io.seqmnist.UserError;
import io.seqmnist.blas.EngineBlas;
import io.seqmnist.train.TrainDefaults;
import picocli.CommandLine.Option;

/** {@code --threads}: intra-op threads of the engine, set before the engine starts. */
public final class EngineOptions {

    @Option(
            names = "--threads",
            defaultValue = "" + TrainDefaults.THREADS,
            description = "engine threads (default: ${DEFAULT-VALUE})")
    int threads;

    /** Must run before the first use of DJL's Engine in this JVM. */
    public int apply() {
        if (threads < 1) {
            throw new UserError("--threads must be at least 1, got " + threads);
        }
        System.setProperty("ai.djl.pytorch.num_threads", String.valueOf(threads));
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        EngineBlas.install();
        EngineBlas.threads(threads);
        return threads;
    }
}
