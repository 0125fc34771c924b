package io.seqmnist;

import ai.djl.nn.Block;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.ParameterTracker;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * The one seam for machine-specific speed-ups: what the core asks for the models beyond its own and for the optimizer's
 * arithmetic. The core runs on {@link #plain}, plain DJL on every platform; the entry point may install another once,
 * at start-up, before the engine's first use ({@link #use}). The accelerator ({@code io.seqmnist.accel}) is the one
 * such backend: it adds {@code fast-rnn} and {@code fast-gru} and an Adam computed in Java. No core class names them.
 *
 * @param status how the engine computes, one fact a line (for info, bench and the report)
 * @param models the models this backend adds, each built as a whole classifier
 * @param adam the Adam of a training run (it must be a {@code train.SaveableAdam}); null: the core's own
 * @param unavailable models this process could have had with another backend, each with why it does not (for a one-line
 *     error that says so)
 */
public record Backend(List<String> status, List<Model> models, AdamFactory adam, Map<String, String> unavailable) {

    /** A model this backend adds: built for a hidden size, trained as the built-in kind it stands for. */
    public record Model(String name, String trainsAs, String description, IntFunction<Block> create) {}

    /** Makes the Adam of one training run. */
    public interface AdamFactory {
        /**
         * @param learningRate the learning rate by update count
         * @param stepsDone updates already made (0 for a fresh run)
         * @param weightDecay L2 weight decay (0: none)
         */
        Optimizer create(ParameterTracker learningRate, long stepsDone, float weightDecay);
    }

    private static volatile Backend current = plain(List.of("plain DJL and libtorch as shipped"), Map.of());

    public Backend {
        status = List.copyOf(status);
        models = List.copyOf(models);
        unavailable = Map.copyOf(unavailable);
    }

    /** DJL and libtorch as shipped, the core's own units and Adam. */
    public static Backend plain(List<String> status, Map<String, String> unavailable) {
        return new Backend(status, List.of(), null, unavailable);
    }

    /** The backend of this process. */
    public static Backend current() {
        return current;
    }

    /** Installs the backend of this process (the entry point, once, before the engine's first use). */
    public static void use(Backend backend) {
        current = backend;
    }
}
