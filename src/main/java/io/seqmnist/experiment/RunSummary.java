package io.seqmnist.experiment;

import io.seqmnist.model.ModelKind;
import io.seqmnist.train.LrSchedule;
import io.seqmnist.train.Recipe;
import io.seqmnist.train.TrainConfig;

/**
 * summary.json: what was trained, how, and how well. Also what is needed to rebuild the model. A run evaluated on
 * validation images ({@code --validation}) has validation accuracies and no test accuracy; any other, test accuracies.
 * A summary.json written before recipes existed holds none of the training settings: it reads as the assignment's
 * (constant rate, nothing else); one written before sequence lengths existed, as rows ({@code seq_len} 28, no
 * permutation). A permuted run's 784 indices are in permutation.json beside it ({@link RunDirectory#readLayout}).
 */
public record RunSummary(
        String model,
        String dataset,
        int epochs,
        int seed,
        int batchSize,
        int hidden,
        float lr,
        int limit,
        int threads,
        String recipe,
        String lrSchedule,
        double warmupEpochs,
        float clipNorm,
        float weightDecay,
        int validation,
        long parameters,
        Double testAccuracy,
        Double bestTestAccuracy,
        Double validationAccuracy,
        Double bestValidationAccuracy,
        int bestEpoch,
        double trainSeconds,
        double msPerStep,
        String djlVersion,
        String pytorchVersion,
        int seqLen,
        Integer permute) {

    public RunSummary {
        // written before sequence lengths existed: the rows
        seqLen = seqLen == 0 ? TrainConfig.SEQ_LEN : seqLen;
        recipe = recipe == null ? Recipe.ASSIGNMENT.cliName() : recipe;
        lrSchedule = lrSchedule == null ? LrSchedule.CONSTANT.cliName() : lrSchedule;
    }

    /** The config of the run, as {@link TrainRun} made it. */
    public TrainConfig config() {
        return new TrainConfig(
                ModelKind.parse(model),
                dataset,
                epochs,
                batchSize,
                hidden,
                seed,
                limit,
                validation,
                threads,
                Recipe.parse(recipe),
                new TrainConfig.Optimization(LrSchedule.parse(lrSchedule), lr, warmupEpochs, clipNorm, weightDecay),
                seqLen,
                permute);
    }

    /** The split the run was evaluated on after each epoch: "test" or "validation". */
    public String heldOutSplit() {
        return validation > 0 ? "validation" : "test";
    }

    /** Accuracy after the last epoch on the split the run was evaluated on. */
    public double heldOutAccuracy() {
        return validation > 0 ? validationAccuracy : testAccuracy;
    }

    /** The best epoch's accuracy on the split the run was evaluated on. */
    public double bestHeldOutAccuracy() {
        return validation > 0 ? bestValidationAccuracy : bestTestAccuracy;
    }
}
