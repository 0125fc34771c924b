package io.seqmnist.experiment;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.training.loss.Loss;
import io.seqmnist.data.EpochSampler;
import io.seqmnist.data.Mnist;
import io.seqmnist.model.RecurrentClassifier;
import io.seqmnist.train.Checkpoint;
import io.seqmnist.train.EpochResult;
import io.seqmnist.train.TrainConfig;
import io.seqmnist.train.Training;
import io.seqmnist.train.TrainingDiverged;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One complete run, as {@code train} and {@code compare} do it: build the model the config names,
 * {@link Training#train} it with cross-entropy, and leave in the run folder a checkpoint and metrics.csv after every
 * epoch (and, for a recurrent model, gradient-flow.csv), then the model and summary.json at the end.
 *
 * <p>A folder that already holds a run is handled as {@link Options#ifExists} says. A run killed at any moment
 * continues from its last complete epoch and ends exactly as if it had never stopped (same metrics, same parameters).
 */
public final class TrainRun {

    /** What to do when the run folder already holds a run. */
    public enum IfExists {
        /** Refuse (train's default): the user says --resume or --force. */
        REFUSE,
        /**
         * Continue an interrupted run of the same config from its last complete epoch, return a finished one as it is,
         * refuse a different run (compare's default, train --resume).
         */
        RESUME,
        /** Remove the run files there and start over (--force). */
        REPLACE
    }

    /**
     * @param ifExists what to do with a run already in the folder
     * @param resumeCommand the command that resumes this run, printed if the JVM is stopped (Ctrl-C) during the run;
     *     null prints nothing
     */
    public record Options(IfExists ifExists, String resumeCommand) {
        public static final Options RESUME = new Options(IfExists.RESUME, null);
    }

    private TrainRun() {}

    /** Runs into the folder, resuming an interrupted run of the same config found there. */
    public static RunSummary run(Mnist data, TrainConfig config, RunDirectory out, Training.Observer progress) {
        return run(data, config, out, progress, Options.RESUME);
    }

    public static RunSummary run(
            Mnist data, TrainConfig config, RunDirectory out, Training.Observer progress, Options options) {
        data.requireRoomForValidation(config.validation());
        out.create();
        ExistingRun start = ExistingRun.examine(data, config, out, options.ifExists());
        if (start.finished() != null) {
            return start.finished();
        }
        Checkpoint resumeFrom = start.resumeFrom();
        int alreadySaved = resumeFrom == null ? 0 : resumeFrom.epoch();
        if (resumeFrom != null) {
            out.deleteSummary(); // resuming a finished run to more epochs: no longer finished
            out.writeMetrics(resumeFrom.header().results(), config.heldOutSplit());
        }
        AtomicInteger savedEpochs = new AtomicInteger(alreadySaved);
        ReentrantLock saving = new ReentrantLock();
        Thread notice = options.resumeCommand() == null
                ? null
                : interruptNotice(out, config, options.resumeCommand(), savedEpochs, saving);
        try (Model model = Model.newInstance(RunDirectory.MODEL_NAME)) {
            model.setBlock(config.model().create(config.hiddenSize()));
            GradientFlowLog gradientFlow = model.getBlock() instanceof RecurrentClassifier
                    ? GradientFlowLog.open(Training.heldOut(data, config), out, alreadySaved)
                    : null;
            Training.Observer writer = new Training.Observer() {
                @Override
                public void onBatch(int epoch, long batch, long batches) {
                    progress.onBatch(epoch, batch, batches);
                }

                @Override
                public void onCheckpoint(Checkpoint checkpoint) {
                    // before the checkpoint: a run resumed from it finds this epoch's rows written
                    if (gradientFlow != null) {
                        double seconds = gradientFlow.record(
                                checkpoint.epoch(), (RecurrentClassifier) model.getBlock(), model.getNDManager());
                        List<EpochResult> done = checkpoint.header().results();
                        progress.onGradientFlow(
                                checkpoint.epoch(),
                                seconds,
                                done.get(done.size() - 1).trainSeconds());
                    }
                    saving.lock();
                    try {
                        CheckpointFile.save(checkpoint, out.checkpointFile());
                        savedEpochs.set(checkpoint.epoch());
                    } finally {
                        saving.unlock();
                    }
                    out.writeMetrics(checkpoint.header().results(), config.heldOutSplit());
                    progress.onCheckpoint(checkpoint);
                }

                @Override
                public void onResume(Checkpoint from) {
                    progress.onResume(from);
                }

                @Override
                public void onEpoch(EpochResult result, Model trained) {
                    progress.onEpoch(result, trained);
                }
            };
            List<EpochResult> results;
            try {
                results = new Training(data, config, writer)
                        .train(model, Loss.softmaxCrossEntropyLoss(), config.epochs(), resumeFrom);
            } catch (TrainingDiverged e) {
                int kept = savedEpochs.get();
                throw e.withNote(
                        kept == 0 ? "nothing was saved" : out.path() + " keeps epoch " + kept + ", the last good one");
            }
            model.setProperty("Epoch", String.valueOf(results.size()));
            out.saveModel(model);
            RunSummary summary = summarize(
                    config, results, parameterCount(model), data.train().size());
            out.writeSummary(summary);
            return summary;
        } finally {
            if (notice != null) {
                try {
                    Runtime.getRuntime().removeShutdownHook(notice);
                } catch (IllegalStateException shuttingDown) {
                    // the notice is running or has run: leave it be
                }
            }
        }
    }

    /**
     * A shutdown hook (Ctrl-C, SIGTERM) that waits for a checkpoint being written and says, in one line, what the
     * folder keeps and how to resume. The JVM exits with 128 + the signal (130 for Ctrl-C) on its own.
     */
    private static Thread interruptNotice(
            RunDirectory out,
            TrainConfig config,
            String resumeCommand,
            AtomicInteger savedEpochs,
            ReentrantLock saving) {
        Thread hook = new Thread(
                () -> {
                    try {
                        // hold the lock from here on: no checkpoint starts after this message
                        saving.tryLock(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    int saved = savedEpochs.get();
                    String kept = saved == 0
                            ? "no epoch was complete, nothing to keep"
                            : out.path() + " keeps epoch " + saved + " of " + config.epochs();
                    System.err.println("seqmnist: interrupted; " + kept + "; resume with: " + resumeCommand);
                    System.err.flush();
                },
                "seqmnist-interrupt-notice");
        Runtime.getRuntime().addShutdownHook(hook);
        return hook;
    }

    public static long parameterCount(Model model) {
        return model.getBlock().getParameters().values().stream()
                .mapToLong(p -> p.getArray().size())
                .sum();
    }

    static RunSummary summarize(TrainConfig config, List<EpochResult> results, long parameters, int trainSize) {
        EpochResult last = results.get(results.size() - 1);
        EpochResult best = results.get(0);
        double trainSeconds = 0;
        for (EpochResult r : results) {
            trainSeconds += r.trainSeconds();
            if (r.testAccuracy() > best.testAccuracy()) {
                best = r;
            }
        }
        int kept = trainSize - config.validation();
        int images = config.limit() > 0 ? Math.min(config.limit(), kept) : kept;
        long steps = EpochSampler.batchesPerEpoch(images, config.batchSize()) * results.size();
        boolean validation = config.validation() > 0;
        return new RunSummary(
                config.model().cliName(),
                config.dataset(),
                results.size(),
                config.seed(),
                config.batchSize(),
                config.hiddenSize(),
                config.optimization().learningRate(),
                config.limit(),
                config.threads(),
                config.recipe().cliName(),
                config.optimization().schedule().cliName(),
                config.optimization().warmupEpochs(),
                config.optimization().clipNorm(),
                config.optimization().weightDecay(),
                config.validation(),
                parameters,
                validation ? null : last.testAccuracy(),
                validation ? null : best.testAccuracy(),
                validation ? last.testAccuracy() : null,
                validation ? best.testAccuracy() : null,
                best.epoch(),
                trainSeconds,
                1000 * trainSeconds / steps,
                Engine.getDjlVersion(),
                Engine.getEngine("PyTorch").getVersion());
    }
}
