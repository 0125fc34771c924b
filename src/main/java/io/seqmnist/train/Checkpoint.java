package io.seqmnist.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import io.seqmnist.UserError;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a run needs to continue as if it had never stopped, after a complete epoch or between two mini-batches of
 * one: its config and a fingerprint of its data, the complete epochs and their metrics, the model's parameters and
 * Adam's state (both moments of every parameter, and the step count of its bias correction), and within an epoch
 * ({@link Partial}) the mini-batches done and the epoch's running sums of loss and accuracy.
 *
 * <p>Not saved because nothing depends on it: the shuffling (EpochSampler's order is a function of seed and epoch
 * alone, so the position in an epoch is its count of batches done), the engine's random generator (only initialisation
 * draws from it, and the saved parameters replace the initial ones; the models use no dropout).
 *
 * <p>The arrays, each in DJL's NDArray encoding under a name: {@code param/NAME}, {@code mean/NAME},
 * {@code variance/NAME}. The experiment layer writes it to a file.
 */
public final class Checkpoint {

    /**
     * What the checkpoint holds besides the arrays; {@code partial} is null at the end of an epoch.
     *
     * @param epoch complete epochs
     */
    public record Header(
            TrainConfig config,
            long dataFingerprint,
            int epoch,
            long steps,
            List<EpochResult> results,
            Partial partial) {
        public Header(TrainConfig config, long dataFingerprint, int epoch, long steps, List<EpochResult> results) {
            this(config, dataFingerprint, epoch, steps, results, null);
        }
    }

    /**
     * The epoch after the complete ones, stopped between two mini-batches: the batches done, the running sums of the
     * loss (each batch's mean times its images) and of the images right and seen, and the training seconds so far.
     */
    public record Partial(int batches, double lossSum, long correct, long seen, double trainSeconds) {}

    private final Header header;
    private final Map<String, byte[]> arrays;

    /** A checkpoint of a header and its arrays, each in DJL's NDArray encoding, by name. */
    public Checkpoint(Header header, Map<String, byte[]> arrays) {
        this.header = header;
        this.arrays = arrays;
    }

    /** The saved arrays by name, in order. */
    public Map<String, byte[]> arrays() {
        return arrays;
    }

    public Header header() {
        return header;
    }

    /** Complete epochs. */
    public int epoch() {
        return header.epoch();
    }

    /** The state of a run after {@code results.size()} complete epochs. */
    public static Checkpoint capture(
            TrainConfig config, long dataFingerprint, List<EpochResult> results, Block block, SaveableAdam adam) {
        return capture(config, dataFingerprint, results, block, adam, null);
    }

    /** Batches done in the epoch after the complete ones (0 at an epoch's end). */
    public int batchesIntoEpoch() {
        return header.partial() == null ? 0 : header.partial().batches();
    }

    /**
     * The state of a run after {@code results.size()} complete epochs and, unless {@code partial} is null, part of the
     * next.
     */
    public static Checkpoint capture(
            TrainConfig config,
            long dataFingerprint,
            List<EpochResult> results,
            Block block,
            SaveableAdam adam,
            Partial partial) {
        Map<String, byte[]> arrays = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            String name = p.getKey();
            NDArray live = p.getValue().getArray();
            arrays.put("param/" + name, live.encode());
            float[] mean = adam.mean(p.getValue().getId());
            if (mean != null) {
                arrays.put("mean/" + name, encode(live, mean));
                arrays.put(
                        "variance/" + name,
                        encode(live, adam.variance(p.getValue().getId())));
            }
        }
        Header header =
                new Header(config, dataFingerprint, results.size(), adam.steps(), List.copyOf(results), partial);
        return new Checkpoint(header, arrays);
    }

    /**
     * Puts the saved parameters into the block's arrays (in place: the trainer holds them) and the saved moments into
     * the optimizer, which must have been made with {@code SaveableAdam.create(lr, header().steps())}.
     */
    public void restore(Block block, SaveableAdam adam, NDManager manager) {
        for (Pair<String, Parameter> p : block.getParameters()) {
            String name = p.getKey();
            NDArray live = p.getValue().getArray();
            try (NDArray saved = decode("param/" + name, manager)) {
                requireShapeOf(live, saved, "parameter " + name);
                live.set(saved.toByteBuffer());
            }
            if (arrays.containsKey("mean/" + name)) {
                try (NDArray mean = decode("mean/" + name, manager);
                        NDArray variance = decode("variance/" + name, manager)) {
                    requireShapeOf(live, mean, "Adam's moment of " + name);
                    requireShapeOf(live, variance, "Adam's moment of " + name);
                    adam.setMoments(p.getValue().getId(), mean.toFloatArray(), variance.toFloatArray());
                }
            }
        }
    }

    private static void requireShapeOf(NDArray live, NDArray saved, String what) {
        if (!saved.getShape().equals(live.getShape())) {
            throw new UserError(
                    "checkpoint: " + what + " has shape " + saved.getShape() + ", the model " + live.getShape());
        }
    }

    /** Values laid out as the parameter, in DJL's array encoding (as the parameters are saved). */
    private static byte[] encode(NDArray parameter, float[] values) {
        try (NDArray array = parameter.getManager().create(values, parameter.getShape())) {
            return array.encode();
        }
    }

    private NDArray decode(String name, NDManager manager) {
        byte[] bytes = arrays.get(name);
        if (bytes == null) {
            throw new UserError("checkpoint: holds no array " + name);
        }
        return manager.decode(bytes);
    }
}
