package io.seqmnist.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.tracker.ParameterTracker;
import java.util.HashMap;
import java.util.Map;

/**
 * Adam as DJL's own: the moments are engine arrays and every update is the engine's Adam update
 * ({@code NDArrayEx.adamUpdate}) with the arguments DJL's {@link ai.djl.training.optimizer.Adam} passes, so it gives
 * DJL's bits on every platform (PortableAdamTest). The moments live in the weight's manager, so they are freed with the
 * model.
 */
public final class PortableAdam extends SaveableAdam {

    private final Map<String, NDArray[]> moments = new HashMap<>(); // id -> {mean, variance}
    private final Map<String, float[][]> restored = new HashMap<>(); // set before the first update

    public PortableAdam(ParameterTracker learningRate, long stepsDone, float weightDecay) {
        super(learningRate, stepsDone, weightDecay);
    }

    @Override
    protected synchronized void update(
            String parameterId, NDArray weight, NDArray grad, float learningRate, float biasCorrected) {
        NDArray[] state = moments.computeIfAbsent(parameterId, id -> initial(id, weight));
        weight.getNDArrayInternal()
                .adamUpdate(
                        new NDList(weight, grad, state[0], state[1]),
                        new NDList(weight),
                        learningRate,
                        biasCorrected,
                        getWeightDecay(),
                        rescaleGrad,
                        clipGrad,
                        BETA1,
                        BETA2,
                        EPSILON,
                        true, // lazy update: DJL's Adam passes it, the PyTorch engine ignores it
                        false); // Adam, not AdamW
    }

    /** Zeros as DJL's Adam starts, or the moments a checkpoint restored. */
    private NDArray[] initial(String parameterId, NDArray weight) {
        float[][] saved = restored.remove(parameterId);
        if (saved == null) {
            return new NDArray[] {weight.zerosLike(), weight.zerosLike()};
        }
        return new NDArray[] {
            weight.getManager().create(saved[0], weight.getShape()),
            weight.getManager().create(saved[1], weight.getShape())
        };
    }

    @Override
    public synchronized float[] mean(String parameterId) {
        return moment(parameterId, 0);
    }

    @Override
    public synchronized float[] variance(String parameterId) {
        return moment(parameterId, 1);
    }

    private float[] moment(String parameterId, int which) {
        NDArray[] state = moments.get(parameterId);
        if (state != null) {
            return state[which].toFloatArray();
        }
        float[][] saved = restored.get(parameterId);
        return saved == null ? null : saved[which].clone();
    }

    @Override
    public synchronized void setMoments(String parameterId, float[] mean, float[] variance) {
        requireSameLength(mean, variance);
        NDArray[] state = moments.get(parameterId);
        if (state == null) {
            restored.put(parameterId, new float[][] {mean.clone(), variance.clone()});
        } else {
            state[0].set(mean);
            state[1].set(variance);
        }
    }
}
