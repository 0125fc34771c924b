package io.seqmnist.train;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.training.loss.Loss;
import io.seqmnist.data.EpochSampler;
import io.seqmnist.data.Mnist;
import java.util.ArrayList;
import java.util.List;

/**
 * One complete run, as {@code train} and {@code compare} do it: build the model the config names,
 * {@link Training#train} it with cross-entropy, and leave metrics.csv (after every epoch), the
 * model and summary.json (at the end) in the run folder.
 */
public final class TrainRun {

    private TrainRun() {}

    public static RunSummary run(
            Mnist data, TrainConfig config, RunDirectory out, Training.Observer progress) {
        out.create();
        List<EpochResult> results = new ArrayList<>();
        try (Model model = Model.newInstance(RunDirectory.MODEL_NAME)) {
            model.setBlock(config.model().create(config.hiddenSize()));
            Training.Observer writer =
                    new Training.Observer() {
                        @Override
                        public void onBatch(int epoch, long batch, long batches) {
                            progress.onBatch(epoch, batch, batches);
                        }

                        @Override
                        public void onEpoch(EpochResult result, Model trained) {
                            results.add(result);
                            out.writeMetrics(results);
                            progress.onEpoch(result, trained);
                        }
                    };
            new Training(data, config, writer)
                    .train(model, Loss.softmaxCrossEntropyLoss(), config.epochs());
            out.saveModel(model);
            RunSummary summary = summarize(config, results, parameterCount(model),
                    data.train().size());
            out.writeSummary(summary);
            return summary;
        }
    }

    public static long parameterCount(Model model) {
        return model.getBlock().getParameters().values().stream()
                .mapToLong(p -> p.getArray().size())
                .sum();
    }

    static RunSummary summarize(
            TrainConfig config, List<EpochResult> results, long parameters, int trainSize) {
        EpochResult last = results.get(results.size() - 1);
        EpochResult best = results.get(0);
        double trainSeconds = 0;
        for (EpochResult r : results) {
            trainSeconds += r.trainSeconds();
            if (r.testAccuracy() > best.testAccuracy()) {
                best = r;
            }
        }
        int images = config.limit() > 0 ? Math.min(config.limit(), trainSize) : trainSize;
        long steps = EpochSampler.batchesPerEpoch(images, config.batchSize()) * results.size();
        return new RunSummary(
                config.model().cliName(),
                config.dataset(),
                results.size(),
                config.seed(),
                config.batchSize(),
                config.hiddenSize(),
                config.learningRate(),
                config.limit(),
                config.threads(),
                parameters,
                last.testAccuracy(),
                best.testAccuracy(),
                best.epoch(),
                trainSeconds,
                1000 * trainSeconds / steps,
                Engine.getDjlVersion(),
                Engine.getEngine("PyTorch").getVersion());
    }
}
