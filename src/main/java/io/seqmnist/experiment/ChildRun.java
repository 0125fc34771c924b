package io.seqmnist.experiment;

import io.seqmnist.UserError;
import io.seqmnist.train.EpochResult;
import io.seqmnist.train.TrainConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Trains one run of a plan in a child JVM ({@code seqmnist train ...}) and relays its epochs as they land in
 * metrics.csv. DJL's PyTorch engine allows one gradient collector per process, so runs trained at the same time need
 * processes of their own, and runs trained one after another in one process slowed each other down (see
 * {@link RunPlan}); each gets its own engine thread.
 */
public final class ChildRun {

    static final String LOG = "train.log";

    private ChildRun() {}

    /**
     * @param trainProcess turns the arguments of {@code seqmnist train} into the command line of a process that runs it
     */
    static RunSummary run(
            RunPlan.Run run, Path dataDir, RunPlan.Listener listener, UnaryOperator<List<String>> trainProcess) {
        Path log = run.dir().path().resolve(LOG);
        ProcessBuilder builder = new ProcessBuilder(trainProcess.apply(
                        trainArguments(run.config(), dataDir, run.dir().path())))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UserError(run.name() + ": cannot start a training process (" + e.getMessage() + ")");
        }
        int reported = 0;
        try {
            while (true) {
                boolean done = process.waitFor(500, java.util.concurrent.TimeUnit.MILLISECONDS);
                List<EpochResult> metrics = readMetrics(run.dir());
                for (; reported < metrics.size(); reported++) {
                    listener.epochDone(run, metrics.get(reported));
                }
                if (done) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            process.destroy();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        if (process.exitValue() != 0) {
            throw new UserError(run.name() + ": training failed with exit status " + process.exitValue() + ": "
                    + lastLine(log) + " (log: " + log + ")");
        }
        return run.dir().readSummary();
    }

    /** {@code train} and its arguments for one run of the plan. */
    static List<String> trainArguments(TrainConfig c, Path dataDir, Path out) {
        List<String> args = new ArrayList<>(List.of("train"));
        args.addAll(trainOptions(c));
        args.addAll(List.of(
                "--data-dir",
                dataDir.toAbsolutePath().toString(),
                "--out",
                out.toAbsolutePath().toString(),
                "--resume")); // continue an interrupted run, start a new one in an empty folder
        return args;
    }

    /** The options of {@code seqmnist train} that make this run (without the data and run folders). */
    public static List<String> trainOptions(TrainConfig c) {
        TrainConfig.Optimization o = c.optimization();
        List<String> args = new ArrayList<>(List.of(
                "--model",
                c.model().cliName(),
                "--dataset",
                c.dataset(),
                "--epochs",
                String.valueOf(c.epochs()),
                "--batch-size",
                String.valueOf(c.batchSize()),
                "--hidden",
                String.valueOf(c.hiddenSize()),
                "--recipe",
                c.recipe().cliName(),
                "--lr",
                String.valueOf(o.learningRate()),
                "--lr-schedule",
                o.schedule().cliName(),
                "--warmup-epochs",
                String.valueOf(o.warmupEpochs()),
                "--clip-norm",
                String.valueOf(o.clipNorm()),
                "--weight-decay",
                String.valueOf(o.weightDecay()),
                "--seed",
                String.valueOf(c.seed()),
                "--limit",
                String.valueOf(c.limit())));
        if (c.validation() > 0) {
            args.addAll(List.of("--validation", String.valueOf(c.validation())));
        }
        // only when not the rows, so the command lines of runs at T = 28 read as they always have
        if (c.seqLen() != TrainConfig.SEQ_LEN) {
            args.addAll(List.of("--seq-len", String.valueOf(c.seqLen())));
        }
        if (c.permute() != null) {
            args.addAll(List.of("--permute", String.valueOf(c.permute())));
        }
        args.addAll(List.of("--threads", String.valueOf(c.threads())));
        return args;
    }

    private static List<EpochResult> readMetrics(RunDirectory dir) {
        return Files.exists(dir.path().resolve(RunDirectory.METRICS)) ? dir.readMetrics() : List.of();
    }

    private static String lastLine(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            for (int i = lines.size() - 1; i >= 0; i--) {
                if (!lines.get(i).isBlank()) {
                    return lines.get(i).strip();
                }
            }
        } catch (IOException e) {
            // fall through: the log itself is named in the message
        }
        return "no output";
    }
}
