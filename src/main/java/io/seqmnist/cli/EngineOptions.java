package io.seqmnist.cli;

import io.seqmnist.ChildJvm;
import io.seqmnist.UserError;
import io.seqmnist.train.TrainConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code --threads}: intra-op threads of the engine, set before the engine starts; and the accelerator as
 * {@code --accel} or SEQMNIST_ACCEL chose it ({@link Acceleration}).
 */
public final class EngineOptions {

    @Option(
            names = "--threads",
            defaultValue = "" + TrainConfig.THREADS,
            description = "engine threads (default: ${DEFAULT-VALUE})")
    int threads;

    /**
     * The command this is part of, whose root holds the command line's --accel: picocli's, or the one a mixin that
     * holds this one names ({@link TrainOptions}: picocli gives a nested mixin the outer mixin instead).
     */
    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    private List<String> setup;

    /** Must run before the first use of DJL's Engine in this JVM. */
    public int apply() {
        if (threads < 1) {
            throw new UserError("--threads must be at least 1, got " + threads);
        }
        System.setProperty("ai.djl.pytorch.num_threads", String.valueOf(threads));
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        setup = Acceleration.start(accel());
        return threads;
    }

    /** The accelerator's mode for this command (validated), to hand on to child processes. */
    Acceleration.Choice accel() {
        return Acceleration.forCommand(command);
    }

    /**
     * The command line of a child of this command: this program's JVM, with this command's accelerator mode (so the
     * child computes as the parent chose) and the arguments given.
     */
    UnaryOperator<List<String>> childCommand(String... more) {
        return args -> {
            List<String> all = new ArrayList<>(args);
            all.addAll(List.of("--accel", accel().mode()));
            all.addAll(List.of(more));
            return ChildJvm.command(Main.class, all);
        };
    }

    /** How the engine computes, one fact a line (the accelerator's status), after {@link #apply}. */
    List<String> setup() {
        if (setup == null) {
            throw new IllegalStateException("apply() first");
        }
        return setup;
    }
}
