package io.seqmnist.cli;

import ai.djl.Model;
import ai.djl.training.util.ProgressBar;
import io.seqmnist.data.Mnist;
import io.seqmnist.model.ModelKind;
import io.seqmnist.train.EpochResult;
import io.seqmnist.train.RunDirectory;
import io.seqmnist.train.RunSummary;
import io.seqmnist.train.TrainConfig;
import io.seqmnist.train.TrainDefaults;
import io.seqmnist.train.TrainRun;
import io.seqmnist.train.Training;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Question 1 item 13, Question 2 item 4, Question 3 item 4: train one model. */
@Command(name = "train", description = "Train one model and write metrics.csv, summary.json and the model.")
public final class TrainCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, description = "rnn, gru, lstm, fnn, scratch-rnn, scratch-gru or scratch-lstm")
    String model;

    @Option(names = "--seed", defaultValue = "" + TrainDefaults.SEED, description = "random seed (default: ${DEFAULT-VALUE})")
    int seed;

    @Option(names = "--out", description = "run folder (default: runs/<model>-seed<seed>)")
    Path out;

    @Mixin TrainOptions options;

    @Override
    public Integer call() {
        TrainConfig config = options.config(ModelKind.parse(model), seed);
        RunDirectory dir = new RunDirectory(
                out != null ? out : Path.of("runs", config.model().cliName() + "-seed" + seed)).create();
        Mnist data = options.data.load();
        System.out.printf("training %s on %s: %d epochs, batch %d, hidden %d, Adam lr %s, seed %d, %d thread(s) -> %s%n",
                config.model().description(), config.dataset(), config.epochs(), config.batchSize(),
                config.hiddenSize(), config.learningRate(), seed, config.threads(), dir.path());
        RunSummary summary = TrainRun.run(data, config, dir, new ConsoleProgress(config.epochs()));
        System.out.printf("done: test accuracy %.2f%% (best %.2f%% at epoch %d), %d parameters, %.1f s training, %.2f ms/step%n",
                100 * summary.testAccuracy(), 100 * summary.bestTestAccuracy(), summary.bestEpoch(),
                summary.parameters(), summary.trainSeconds(), summary.msPerStep());
        return 0;
    }

    /** DJL's progress bar within an epoch, one line of metrics after it. */
    static final class ConsoleProgress implements Training.Observer {
        private final int epochs;
        private ProgressBar bar;

        ConsoleProgress(int epochs) {
            this.epochs = epochs;
        }

        @Override
        public void onBatch(int epoch, long batch, long batches) {
            if (System.console() == null) {
                return; // a log file gets the epoch lines only
            }
            if (batch == 1) {
                bar = new ProgressBar("Epoch " + epoch + "/" + epochs, batches);
            }
            bar.update(batch - 1);
        }

        @Override
        public void onEpoch(EpochResult r, Model model) {
            System.out.printf("epoch %2d: train loss %.4f, train accuracy %.2f%%, test accuracy %.2f%%, %.1f s (+%.1f s test)%n",
                    r.epoch(), r.trainLoss(), 100 * r.trainAccuracy(), 100 * r.testAccuracy(),
                    r.trainSeconds(), r.testSeconds());
        }
    }
}
