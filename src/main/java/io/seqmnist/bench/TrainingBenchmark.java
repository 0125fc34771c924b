package io.seqmnist.bench;

import ai.djl.Model;
import ai.djl.metric.Metric;
import ai.djl.metric.Metrics;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import io.seqmnist.UserError;
import io.seqmnist.data.EpochSampler;
import io.seqmnist.data.Mnist;
import io.seqmnist.model.ModelKind;
import io.seqmnist.train.EpochResult;
import io.seqmnist.train.TrainConfig;
import io.seqmnist.train.Training;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Times training steps of one model through {@link Training}, the code path {@code train} uses, on real MNIST batches.
 * A step is everything between two consecutive batches: fetching the batch, forward, loss, backward, the Adam update
 * and the per-batch bookkeeping of the loop.
 *
 * <p>"Inside the engine" is what DJL's trainer metrics time: its forward call, loss + backward, and the optimizer
 * update (each includes DJL's thin Java wrapper around every native call). Everything else of the step is ours: batch
 * gathering, epoch metrics, closing, observers.
 */
public final class TrainingBenchmark {

    /** Whether {@code --cpu} can pin the training thread here (Linux's sched_setaffinity). */
    public static boolean pinningAvailable() {
        return ThreadAffinity.available();
    }

    /**
     * What to measure. With {@code cpuClock} a step's time is the CPU time of the training thread (with one engine
     * thread libtorch computes on the caller's thread), which other busy processes on a shared machine disturb far less
     * than wall time. With {@code cpu} at 0 or more the training thread runs pinned to that processor
     * ({@link ThreadAffinity}). Each image is read in {@code seqLen} steps of 784/seqLen pixels (28: the rows).
     */
    public record Plan(
            int batchSize, int steps, int warmup, int threads, int rssEvery, boolean cpuClock, int cpu, int seqLen) {}

    private final Mnist data;
    private final Plan plan;
    private final Consumer<String> log;

    public TrainingBenchmark(Mnist data, Plan plan, Consumer<String> log) {
        this.data = data;
        this.plan = plan;
        this.log = log;
    }

    public BenchResult run(ModelKind kind) {
        int wanted = plan.warmup() + plan.steps();
        int trainSize = data.train().size();
        // One epoch holds every measured step when the data allows it (the first step of an
        // epoch is never timed: it would hold the sampler's shuffle).
        int limit = (int) Math.min(trainSize, (long) (wanted + 1) * plan.batchSize());
        long perEpoch = EpochSampler.batchesPerEpoch(limit, plan.batchSize());
        if (perEpoch < 2) {
            throw new UserError(data.name() + ": " + trainSize + " training images are too few for two batches of "
                    + plan.batchSize());
        }
        int epochs = (int) ((wanted + perEpoch - 2) / (perEpoch - 1));
        int images = limit == trainSize ? 0 : limit;
        TrainConfig config = TrainConfig.defaults(kind).with(c -> {
            c.dataset = data.name();
            c.epochs = epochs;
            c.batchSize = plan.batchSize();
            c.limit = images;
            c.threads = plan.threads();
            c.seqLen = plan.seqLen();
        });
        if (plan.cpu() >= 0) {
            ThreadAffinity.pinCurrentThread(plan.cpu()); // Training trains on the calling thread
        }
        StepClock clock = new StepClock(wanted);
        try (Model model = Model.newInstance(kind.cliName())) {
            model.setBlock(kind.create(config.hiddenSize()));
            new Training(data, config, clock).train(model, Loss.softmaxCrossEntropyLoss(), epochs);
        }
        if (clock.recorded < wanted) {
            throw new IllegalStateException("only " + clock.recorded + " steps were timed");
        }
        double[] ms = new double[plan.steps()];
        double[] wallMs = new double[plan.steps()];
        double stepNanos = 0;
        double engineNanos = 0;
        for (int i = 0; i < plan.steps(); i++) {
            int step = plan.warmup() + i;
            ms[i] = (plan.cpuClock() ? clock.stepCpuNanos[step] : clock.stepNanos[step]) / 1e6;
            wallMs[i] = clock.stepNanos[step] / 1e6;
            stepNanos += clock.stepNanos[step];
            engineNanos += clock.engineNanos(clock.batchIndex[step]);
        }
        log.accept(String.format(
                Locale.ROOT,
                "%s at T = %d: median ms of the timed steps: forward %.2f,"
                        + " loss+backward %.2f, optimizer %.2f, whole step (wall) %.2f",
                kind.cliName(),
                plan.seqLen(),
                clock.median("forward"),
                clock.median("backward"),
                clock.median("step"),
                Percentile.of(wallMs, 50)));
        return new BenchResult(
                kind.cliName(),
                plan.batchSize(),
                plan.threads(),
                Percentile.of(ms, 50),
                Percentile.of(ms, 10),
                Percentile.of(ms, 90),
                data.test().size() / clock.lastTestSeconds,
                ProcessMemory.peakResidentMb(),
                Math.max(0, 1 - engineNanos / stepNanos));
    }

    /** Times the loop from the observer's calls, which come once per finished batch. */
    private final class StepClock implements Training.Observer {
        final long[] stepNanos;
        final long[] stepCpuNanos;
        final int[] batchIndex; // the trainer-wide index of the batch a timed step ended with
        final Metrics metrics = new Metrics();
        int recorded;
        int batchesSeen;
        long last;
        long lastCpu;
        final ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        double lastTestSeconds = Double.NaN;

        StepClock(int wanted) {
            stepNanos = new long[wanted];
            stepCpuNanos = new long[wanted];
            batchIndex = new int[wanted];
        }

        @Override
        public void onTrainerReady(Trainer trainer) {
            trainer.setMetrics(metrics);
        }

        @Override
        public void onBatch(int epoch, long batch, long batchesPerEpoch) {
            long now = System.nanoTime();
            long nowCpu = plan.cpuClock() ? cpu.getCurrentThreadCpuTime() : 0;
            batchesSeen++;
            if (batch > 1 && recorded < stepNanos.length) {
                stepNanos[recorded] = now - last;
                stepCpuNanos[recorded] = nowCpu - lastCpu;
                batchIndex[recorded] = batchesSeen - 1;
                recorded++;
                if (plan.rssEvery() > 0 && recorded % plan.rssEvery() == 0) {
                    log.accept(String.format(
                            "  %s step %d: resident %.0f MB", "rss", recorded, ProcessMemory.residentMb()));
                }
            }
            last = now;
            lastCpu = nowCpu;
        }

        @Override
        public void onEpoch(EpochResult result, Model model) {
            lastTestSeconds = result.testSeconds();
            if (plan.rssEvery() > 0) {
                log.accept(String.format(
                        Locale.ROOT,
                        "  rss after epoch %d (and its test-set evaluation): resident %.0f MB",
                        result.epoch(),
                        ProcessMemory.residentMb()));
            }
        }

        double engineNanos(int batch) {
            return value("forward", batch) + value("backward", batch) + value("step", batch);
        }

        /** Median in ms of one trainer metric over the timed steps. */
        double median(String name) {
            double[] ms = new double[plan.steps()];
            for (int i = 0; i < ms.length; i++) {
                ms[i] = value(name, batchIndex[plan.warmup() + i]) / 1e6;
            }
            return Percentile.of(ms, 50);
        }

        private double value(String name, int batch) {
            List<Metric> values = metrics.getMetric(name);
            return values.get(batch).getValue();
        }
    }
}
