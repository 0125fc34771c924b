package io.seqmnist.train;

/** summary.json: what was trained, how, and how well. Also what is needed to rebuild the model. */
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
        long parameters,
        double testAccuracy,
        double bestTestAccuracy,
        int bestEpoch,
        double trainSeconds,
        double msPerStep,
        String djlVersion,
        String pytorchVersion) {}
