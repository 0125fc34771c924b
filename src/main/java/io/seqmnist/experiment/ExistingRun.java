package io.seqmnist.experiment;

import io.seqmnist.IoErrors;
import io.seqmnist.UserError;
import io.seqmnist.data.Mnist;
import io.seqmnist.experiment.TrainRun.IfExists;
import io.seqmnist.train.Checkpoint;
import io.seqmnist.train.TrainConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a run folder holds before a run, and where the run starts: from scratch (both fields null), from a checkpoint
 * ({@code resumeFrom}), or nowhere because it is finished ({@code finished}). The identity of a run is its config
 * except the epochs (a run can be continued to more epochs, unless its learning-rate schedule is laid out over its
 * length), plus a fingerprint of its data.
 */
record ExistingRun(Checkpoint resumeFrom, RunSummary finished) {

    /**
     * Looks at the run folder before a run: starts afresh when it holds no run (or when told to replace it), returns
     * the checkpoint to continue or the finished run's summary when it holds this run and {@code ifExists} allows it,
     * and otherwise refuses with a one-line error.
     */
    static ExistingRun examine(Mnist data, TrainConfig config, RunDirectory out, IfExists ifExists) {
        if (ifExists == IfExists.REPLACE) {
            out.clearRun();
            return new ExistingRun(null, null);
        }
        try {
            out.deleteTemporaryFiles();
        } catch (IOException e) {
            throw new UserError(out.path() + ": cannot remove temporary files (" + IoErrors.describe(e) + ")");
        }
        String hint = "; choose another --out, or add --force to replace it";
        if (Files.exists(out.checkpointFile())) {
            Checkpoint checkpoint;
            try {
                checkpoint = CheckpointFile.load(out.checkpointFile());
            } catch (UserError e) {
                throw new UserError(e.getMessage() + hint);
            }
            Checkpoint.Header saved = checkpoint.header();
            List<String> differences = differences(saved.config(), config);
            if (saved.dataFingerprint() != data.fingerprint()) {
                differences.add("other images or labels");
            }
            if (checkpoint.epoch() > config.epochs()) {
                differences.add(checkpoint.epoch() + " epochs done there, --epochs " + config.epochs() + " here");
            }
            if (!differences.isEmpty()) {
                throw new UserError(
                        out.path() + ": holds a different run (" + String.join("; ", differences) + ")" + hint);
            }
            boolean finished = checkpoint.epoch() == config.epochs()
                    && out.hasSummary()
                    && out.readSummary().epochs() == config.epochs();
            if (finished) {
                return finishedRun(out, ifExists);
            }
            if (ifExists == IfExists.REFUSE) {
                throw new UserError(String.format(
                        Locale.ROOT,
                        "%s: holds this run, stopped after epoch %d of %d; add --resume to"
                                + " continue it, or --force to start over",
                        out.path(),
                        checkpoint.epoch(),
                        config.epochs()));
            }
            return new ExistingRun(checkpoint, null);
        }
        if (out.hasSummary()) { // a finished run written without a checkpoint
            RunSummary summary = out.readSummary();
            List<String> differences = differences(summary.config(), config);
            if (summary.epochs() != config.epochs()
                    && !config.optimization().schedule().dependsOnRunLength()) {
                differences.add("--epochs " + summary.epochs() + " there, " + config.epochs() + " here");
            }
            if (!differences.isEmpty()) {
                throw new UserError(
                        out.path() + ": holds a different run (" + String.join("; ", differences) + ")" + hint);
            }
            return finishedRun(out, ifExists);
        }
        if (!out.runFiles().isEmpty()) {
            throw new UserError(out.path() + ": holds files of another run ("
                    + out.runFiles().get(0).getFileName() + ", no checkpoint)" + hint);
        }
        return new ExistingRun(null, null);
    }

    private static ExistingRun finishedRun(RunDirectory out, IfExists ifExists) {
        RunSummary summary = out.readSummary();
        if (ifExists == IfExists.RESUME) {
            return new ExistingRun(null, summary);
        }
        throw new UserError(String.format(
                Locale.ROOT,
                "%s: already holds this run, finished (%s accuracy %.2f%%); add --force to"
                        + " train it again, or choose another --out",
                out.path(),
                summary.heldOutSplit(),
                100 * summary.heldOutAccuracy()));
    }

    /**
     * How two configs differ, epochs aside (a run can be continued to more epochs) unless the schedule is laid out over
     * the run's length.
     */
    static List<String> differences(TrainConfig there, TrainConfig here) {
        List<String> out = new ArrayList<>();
        compare(out, "--model", there.model(), here.model());
        compare(out, "--dataset", there.dataset(), here.dataset());
        compare(out, "--batch-size", there.batchSize(), here.batchSize());
        compare(out, "--hidden", there.hiddenSize(), here.hiddenSize());
        TrainConfig.Optimization a = there.optimization();
        TrainConfig.Optimization b = here.optimization();
        compare(out, "--lr", a.learningRate(), b.learningRate());
        compare(out, "--seed", there.seed(), here.seed());
        compare(out, "--limit", there.limit(), here.limit());
        compare(out, "--threads", there.threads(), here.threads());
        compare(out, "--recipe", there.recipe(), here.recipe());
        compare(out, "--lr-schedule", a.schedule(), b.schedule());
        compare(out, "--warmup-epochs", a.warmupEpochs(), b.warmupEpochs());
        compare(out, "--clip-norm", a.clipNorm(), b.clipNorm());
        compare(out, "--weight-decay", a.weightDecay(), b.weightDecay());
        compare(out, "--validation", there.validation(), here.validation());
        compare(out, "--seq-len", there.seqLen(), here.seqLen());
        compare(out, "--permute", there.permute(), here.permute());
        if (a.schedule() == b.schedule() && b.schedule().dependsOnRunLength()) {
            if (there.epochs() != here.epochs()) {
                out.add("--epochs " + there.epochs() + " there, " + here.epochs() + " here (a " + b.schedule()
                        + " schedule is laid out over the whole run)");
            }
        }
        return out;
    }

    private static void compare(List<String> out, String option, Object there, Object here) {
        if (!java.util.Objects.equals(there, here)) {
            out.add(option + " " + (there == null ? "none" : there) + " there, " + (here == null ? "none" : here)
                    + " here");
        }
    }
}
