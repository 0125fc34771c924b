package io.seqmnist.train;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.optimizer.Optimizer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * DJL's {@link ai.djl.training.optimizer.Adam} with a fixed learning rate, whose state can be
 * saved and restored: DJL keeps Adam's moments in private maps. {@link #update} is DJL's
 * {@code Adam.update} line for line (the same engine call with the same arguments), so training
 * is bit-identical to DJL's Adam; a test asserts it.
 *
 * <p>The step count t of the bias correction is {@link Optimizer}'s update count; a resumed run
 * starts it at the steps already done ({@code optBeginNumUpdate}).
 */
public final class SaveableAdam extends Optimizer {

    private static final float BETA1 = 0.9f;
    private static final float BETA2 = 0.999f;
    private static final float EPSILON = 1e-8f;

    private final float learningRate;
    private final Map<String, Map<Device, NDArray>> means = new ConcurrentHashMap<>();
    private final Map<String, Map<Device, NDArray>> variances = new ConcurrentHashMap<>();
    private volatile long steps;

    /**
     * @param learningRate the fixed learning rate
     * @param stepsDone updates already made (0 for a fresh run)
     */
    public SaveableAdam(float learningRate, long stepsDone) {
        super(new Builder().optBeginNumUpdate(Math.toIntExact(stepsDone)));
        this.learningRate = learningRate;
        this.steps = stepsDone;
    }

    @Override
    public void update(String parameterId, NDArray weight, NDArray grad) {
        int t = updateCount(parameterId);
        steps = t;
        double coef1 = 1.0 - Math.pow(BETA1, t);
        double coef2 = 1.0 - Math.pow(BETA2, t);
        float learningRateBiasCorrection = (float) (learningRate * Math.sqrt(coef2) / coef1);
        NDList inputs =
                new NDList(
                        weight,
                        grad,
                        withDefaultState(
                                means, parameterId, weight.getDevice(), k -> weight.zerosLike()),
                        withDefaultState(
                                variances,
                                parameterId,
                                weight.getDevice(),
                                k -> weight.zerosLike()));
        weight.getNDArrayInternal()
                .adamUpdate(
                        inputs,
                        new NDList(weight),
                        learningRate,
                        learningRateBiasCorrection,
                        getWeightDecay(),
                        rescaleGrad,
                        clipGrad,
                        BETA1,
                        BETA2,
                        EPSILON,
                        true,
                        false);
    }

    /** Updates made so far: the t of the last bias correction. */
    public long steps() {
        return steps;
    }

    /** The first moment of a parameter (by its id), or null before its first update. */
    public NDArray mean(String parameterId) {
        return moment(means, parameterId);
    }

    /** The second moment of a parameter (by its id), or null before its first update. */
    public NDArray variance(String parameterId) {
        return moment(variances, parameterId);
    }

    /** Sets both moments of a parameter; the optimizer takes ownership of the arrays. */
    public void setMoments(String parameterId, NDArray mean, NDArray variance) {
        mean.detach(); // as DJL's Adam does with its state: it outlives any step's manager
        variance.detach();
        means.put(parameterId, new ConcurrentHashMap<>(Map.of(mean.getDevice(), mean)));
        variances.put(
                parameterId, new ConcurrentHashMap<>(Map.of(variance.getDevice(), variance)));
    }

    private static NDArray moment(Map<String, Map<Device, NDArray>> state, String parameterId) {
        Map<Device, NDArray> perDevice = state.get(parameterId);
        return perDevice == null ? null : perDevice.values().iterator().next();
    }

    private static final class Builder extends OptimizerBuilder<Builder> {
        @Override
        protected Builder self() {
            return this;
        }
    }
}
