package io.seqmnist.train;

import ai.djl.ndarray.NDArray;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.ParameterTracker;
import io.seqmnist.Backend;

/**
 * Adam as DJL's {@link ai.djl.training.optimizer.Adam} computes it, with state a checkpoint can save and restore (DJL's
 * keeps its moments private): both moments of every parameter, readable and settable as floats, and the step count t of
 * the bias correction, which a resumed run starts at the updates already made ({@code optBeginNumUpdate}). Its learning
 * rate comes from a {@link ParameterTracker}, as DJL's does (a schedule: {@link LrSchedule}). Weight decay, when set,
 * is DJL's and PyTorch's Adam's: L2, {@code wd * w} added to the gradient before the moments. No gradient rescaling or
 * value clipping; clipping to a global norm happens before the update ({@link GradientClipping}).
 *
 * <p>Two implementations: {@link PortableAdam}, DJL's own engine update, which runs wherever DJL runs and is the
 * default; and a {@link Backend}'s, such as the accelerator's, computed in Java with the same bits. Training makes its
 * Adam with {@link #create}.
 */
public abstract class SaveableAdam extends Optimizer {

    protected static final float BETA1 = 0.9f;
    protected static final float BETA2 = 0.999f;
    protected static final float EPSILON = 1e-8f;

    private final ParameterTracker learningRate;
    private volatile long steps;

    protected SaveableAdam(ParameterTracker learningRate, long stepsDone, float weightDecay) {
        super(new Builder().optBeginNumUpdate(Math.toIntExact(stepsDone)).optWeightDecays(weightDecay));
        this.learningRate = learningRate;
        this.steps = stepsDone;
    }

    /** The Adam a training run uses: the backend's, or the portable one. */
    public static SaveableAdam create(ParameterTracker learningRate, long stepsDone, float weightDecay) {
        Backend.AdamFactory adam = Backend.current().adam();
        if (adam == null) {
            return new PortableAdam(learningRate, stepsDone, weightDecay);
        }
        if (adam.create(learningRate, stepsDone, weightDecay) instanceof SaveableAdam made) {
            return made;
        }
        throw new IllegalStateException("the backend's Adam is not a SaveableAdam");
    }

    /** L2 weight decay: {@code wd * w} is added to each gradient before the moments. */
    public float weightDecay() {
        return getWeightDecay();
    }

    /** t and the bias-corrected learning rate exactly as DJL's Adam computes them, then the update. */
    @Override
    public final void update(String parameterId, NDArray weight, NDArray grad) {
        int t = updateCount(parameterId);
        steps = t;
        double coef1 = 1.0 - Math.pow(BETA1, t);
        double coef2 = 1.0 - Math.pow(BETA2, t);
        float rate = learningRate.getNewValue(parameterId, t);
        float biasCorrected = (float) (rate * Math.sqrt(coef2) / coef1);
        if (!Float.isFinite(biasCorrected)) {
            throw new IllegalStateException("Adam: the learning rate at step " + t + " is " + biasCorrected);
        }
        update(parameterId, weight, grad, rate, biasCorrected);
    }

    /**
     * g = g + wd w (when weight decay is set), m = b1 m + (1 - b1) g, v = b2 v + (1 - b2) g g, w = w - (lr_t m) /
     * (sqrt(v) + eps), and the gradient set to zero (gradients add up in the engine).
     *
     * @param learningRate the tracker's rate at this step
     * @param biasCorrected lr_t, the rate with the bias correction of step t
     */
    protected abstract void update(
            String parameterId, NDArray weight, NDArray grad, float learningRate, float biasCorrected);

    /** Updates made so far: the t of the last bias correction. */
    public long steps() {
        return steps;
    }

    /** The first moment of a parameter (by its id), or null before its first update. */
    public abstract float[] mean(String parameterId);

    /** The second moment of a parameter (by its id), or null before its first update. */
    public abstract float[] variance(String parameterId);

    /** Sets both moments of a parameter (copies of the given values), before or between updates. */
    public abstract void setMoments(String parameterId, float[] mean, float[] variance);

    protected static void requireSameLength(float[] mean, float[] variance) {
        if (mean.length != variance.length) {
            throw new IllegalArgumentException("mean has " + mean.length + " values, variance " + variance.length);
        }
    }

    private static final class Builder extends OptimizerBuilder<Builder> {
        @Override
        protected Builder self() {
            return this;
        }
    }
}
