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
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One complete run, as {@code train} and {@code compare} do it: build the model the config names,
 * {@link Training#train} it with cross-entropy, and leave in the run folder a checkpoint and metrics.csv after every
 * epoch (and, for a recurrent model, gradient-flow.csv), then the model and summary.json at the end.
 *
 * <p>A folder that already holds a run is handled as {@link Options#ifExists} says. A run killed at any moment
 * continues from its last checkpoint and ends exactly as if it had never stopped (same metrics, same parameters).
 * Within an epoch a checkpoint is written every {@link Options#checkpointEvery} and when the JVM is stopped by a signal
 * (SIGTERM from Slurm or Kubernetes before they kill, SIGINT on Ctrl-C): a shutdown hook asks for one at the next
 * mini-batch boundary and waits up to {@link #SIGNAL_CHECKPOINT_WAIT} for it.
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
     * How long a stopped JVM's shutdown hook waits for the checkpoint it asked for: a mini-batch is milliseconds at T =
     * 28, but an evaluation of the held-out images runs to its end first; Slurm's and Kubernetes' default grace between
     * SIGTERM and SIGKILL is 30 s.
     */
    static final Duration SIGNAL_CHECKPOINT_WAIT = Duration.ofSeconds(25);

    /**
     * @param ifExists what to do with a run already in the folder
     * @param resumeCommand the command that resumes this run, printed if the JVM is stopped (Ctrl-C) during the run;
     *     null prints nothing
     * @param checkpointEvery a checkpoint within an epoch once this much time has passed since the last (zero: at the
     *     end of each epoch, and on a signal)
     */
    public record Options(IfExists ifExists, String resumeCommand, Duration checkpointEvery) {
        public static final Options RESUME = new Options(IfExists.RESUME, null);

        public Options(IfExists ifExists, String resumeCommand) {
            this(ifExists, resumeCommand, Duration.ZERO);
        }
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
        AtomicReference<Checkpoint> saved = new AtomicReference<>(resumeFrom);
        AtomicInteger checkpointsWritten = new AtomicInteger();
        AtomicBoolean training = new AtomicBoolean();
        ReentrantLock saving = new ReentrantLock();
        Training[] loop = new Training[1];
        long batchesPerEpoch =
                EpochSampler.batchesPerEpoch(trainImages(config, data.train().size()), config.batchSize());
        Thread notice = new Thread(
                () -> checkpointOnSignal(
                        out,
                        config,
                        batchesPerEpoch,
                        options.resumeCommand(),
                        loop,
                        training,
                        checkpointsWritten,
                        saved,
                        saving),
                "seqmnist-checkpoint-on-signal");
        Runtime.getRuntime().addShutdownHook(notice);
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
                    // (an epoch's rows, so not for a checkpoint within an epoch)
                    if (gradientFlow != null && checkpoint.batchesIntoEpoch() == 0) {
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
                        saved.set(checkpoint);
                        checkpointsWritten.incrementAndGet();
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
            loop[0] = new Training(data, config, writer).checkpointEvery(options.checkpointEvery());
            training.set(true);
            try {
                results = loop[0].train(model, Loss.softmaxCrossEntropyLoss(), config.epochs(), resumeFrom);
            } catch (TrainingDiverged e) {
                int kept = savedEpochs.get();
                throw e.withNote(
                        kept == 0 ? "nothing was saved" : out.path() + " keeps epoch " + kept + ", the last good one");
            } finally {
                training.set(false);
            }
            model.setProperty("Epoch", String.valueOf(results.size()));
            out.saveModel(model);
            RunSummary summary = summarize(
                    config, results, parameterCount(model), data.train().size());
            out.writeSummary(summary);
            return summary;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(notice);
            } catch (IllegalStateException shuttingDown) {
                // the notice is running or has run: leave it be
            }
        }
    }

    /** What the folder keeps: "epoch 2 of 10", or "epoch 2 of 10 and 37 of 938 batches of epoch 3". */
    static String kept(Checkpoint checkpoint, TrainConfig config, long batchesPerEpoch) {
        if (checkpoint == null) {
            return null;
        }
        String epochs = checkpoint.epoch() + " of " + config.epochs();
        return checkpoint.batchesIntoEpoch() == 0
                ? "epoch " + epochs
                : String.format(
                        Locale.ROOT,
                        "epoch %s and %d of %d batches of epoch %d",
                        epochs,
                        checkpoint.batchesIntoEpoch(),
                        batchesPerEpoch,
                        checkpoint.epoch() + 1);
    }

    /**
     * The shutdown hook (SIGTERM, Ctrl-C): while training, asks the loop for a checkpoint at the next mini-batch
     * boundary and waits for it to be written (at most {@link #SIGNAL_CHECKPOINT_WAIT}); then holds the lock of
     * checkpoint writing, so none starts after it, and, given a resume command, says in one line what the folder keeps
     * and how to resume. The JVM exits with 128 + the signal (143 for SIGTERM, 130 for Ctrl-C) on its own.
     */
    private static void checkpointOnSignal(
            RunDirectory out,
            TrainConfig config,
            long batchesPerEpoch,
            String resumeCommand,
            Training[] loop,
            AtomicBoolean training,
            AtomicInteger checkpointsWritten,
            AtomicReference<Checkpoint> saved,
            ReentrantLock saving) {
        try {
            if (training.get() && loop[0] != null) {
                int before = checkpointsWritten.get();
                loop[0].requestCheckpoint();
                long deadline = System.nanoTime() + SIGNAL_CHECKPOINT_WAIT.toNanos();
                while (checkpointsWritten.get() == before && training.get() && System.nanoTime() < deadline) {
                    Thread.sleep(5);
                }
            }
            // hold the lock from here on: no checkpoint starts after this message
            saving.tryLock(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (resumeCommand == null) {
            return;
        }
        String kept = kept(saved.get(), config, batchesPerEpoch);
        String what = kept == null ? "no epoch was complete, nothing to keep" : out.path() + " keeps " + kept;
        System.err.println("seqmnist: interrupted; " + what + "; resume with: " + resumeCommand);
        System.err.flush();
    }

    public static long parameterCount(Model model) {
        return model.getBlock().getParameters().values().stream()
                .mapToLong(p -> p.getArray().size())
                .sum();
    }

    /** The images a run trains on: the training set less the validation split, up to the limit. */
    static int trainImages(TrainConfig config, int trainSize) {
        int kept = trainSize - config.validation();
        return config.limit() > 0 ? Math.min(config.limit(), kept) : kept;
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
        int images = trainImages(config, trainSize);
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
