package io.seqmnist.train;

/**
 * How a network is optimised, beyond Adam itself: the learning rate's peak and schedule, the
 * warm-up, global gradient-norm clipping and weight decay. A {@link Recipe} gives one set per
 * model kind; options given on the command line override single values.
 *
 * @param warmupEpochs epochs of linear warm-up (fractions allowed), or null for the schedule's
 *     own ({@link LrSchedule#defaultWarmupEpochs})
 * @param clipNorm the largest global gradient norm (0: no clipping)
 * @param weightDecay Adam's L2 weight decay, added to each gradient as {@code wd * w} (0: none)
 */
public record TrainingSettings(
        LrSchedule schedule, float learningRate, Double warmupEpochs, float clipNorm,
        float weightDecay) {

    /** The same settings with a warm-up in epochs for a run of {@code epochs}. */
    public TrainingSettings resolved(int epochs) {
        return warmupEpochs != null ? this : withWarmup(schedule.defaultWarmupEpochs(epochs));
    }

    public TrainingSettings withLearningRate(float value) {
        return new TrainingSettings(schedule, value, warmupEpochs, clipNorm, weightDecay);
    }

    /** Another schedule, with its own warm-up (a warm-up given after this call overrides it). */
    public TrainingSettings withSchedule(LrSchedule value) {
        return new TrainingSettings(value, learningRate, null, clipNorm, weightDecay);
    }

    public TrainingSettings withWarmup(double epochs) {
        return new TrainingSettings(schedule, learningRate, epochs, clipNorm, weightDecay);
    }

    public TrainingSettings withClipNorm(float value) {
        return new TrainingSettings(schedule, learningRate, warmupEpochs, value, weightDecay);
    }

    public TrainingSettings withWeightDecay(float value) {
        return new TrainingSettings(schedule, learningRate, warmupEpochs, clipNorm, value);
    }
}
