package io.seqmnist.cli;

import io.seqmnist.UserError;
import io.seqmnist.bench.BenchResult;
import io.seqmnist.bench.BenchRun;
import io.seqmnist.bench.ProcessMemory;
import io.seqmnist.bench.TrainingBenchmark;
import io.seqmnist.data.Mnist;
import io.seqmnist.data.SequenceLayout;
import io.seqmnist.experiment.RunDirectory;
import io.seqmnist.model.ModelKind;
import io.seqmnist.train.TrainConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Speed and memory per model: training step time, evaluation throughput, peak memory. */
@Command(
        name = "bench",
        description = {
            "Time training steps and test-set evaluation per model, and measure peak memory.",
            "A step is forward, loss, backward and Adam on a real MNIST batch; writes a CSV beside the",
            "printed table.",
            "Each model runs in its own JVM, so its peak memory is its own."
        })
public final class BenchCommand implements Callable<Integer> {

    @Option(
            names = "--models",
            defaultValue = "rnn,gru,lstm",
            split = ",",
            description = "models to measure (default: ${DEFAULT-VALUE})")
    List<String> models;

    @Option(
            names = "--batch-size",
            defaultValue = "" + TrainConfig.BATCH_SIZE,
            description = "mini-batch size (default: ${DEFAULT-VALUE})")
    int batchSize;

    @Option(names = "--steps", defaultValue = "200", description = "timed steps (default: ${DEFAULT-VALUE})")
    int steps;

    @Option(
            names = "--seq-len",
            paramLabel = "T",
            defaultValue = "" + TrainConfig.SEQ_LEN,
            description = "steps an image is read in, 784/T pixels each: 28 (rows, the default), 784 (pixel by"
                    + " pixel), or another divisor of 784; a training step at T = 784 takes seconds, so time a few"
                    + " (--steps 10 --warmup 2)")
    int seqLen;

    @Option(
            names = "--warmup",
            defaultValue = "20",
            description = "untimed steps before them (default: ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--out", defaultValue = "bench.csv", description = "CSV file (default: ${DEFAULT-VALUE})")
    Path out;

    @Option(
            names = "--rss-every",
            defaultValue = "0",
            description = "print resident memory every N timed steps and after every epoch (0 = never)")
    int rssEvery;

    @Option(
            names = "--clock",
            defaultValue = "wall",
            description = "wall (default) or cpu: step time as the training thread's CPU time, "
                    + "steadier on a busy machine")
    String clock;

    @Option(
            names = "--cpu",
            defaultValue = "-1",
            description = "pin the training thread to this processor, leaving the JVM's other"
                    + " threads free (default: not pinned)")
    int cpu;

    @Option(
            names = "--same-jvm",
            description = "run every model in this JVM (peak memory is then the process's, not the model's)")
    boolean sameJvm;

    @Mixin
    DataOptions data;

    @Mixin
    EngineOptions engine;

    @Override
    public Integer call() {
        int threads = engine.apply(); // the engine's backend may add models
        List<ModelKind> kinds =
                models.stream().map(name -> ModelKind.parse(name.trim())).toList();
        require(batchSize >= 1, "--batch-size must be at least 1, got " + batchSize);
        require(steps >= 1, "--steps must be at least 1, got " + steps);
        require(warmup >= 0, "--warmup must be 0 or more, got " + warmup);
        SequenceLayout.requireLength(seqLen, "--seq-len");
        require(clock.equals("wall") || clock.equals("cpu"), "--clock must be wall or cpu, got '" + clock + "'");
        require(rssEvery >= 0, "--rss-every must be 0 or more, got " + rssEvery);
        require(
                cpu < 0 || TrainingBenchmark.pinningAvailable(),
                "--cpu: pinning the training thread is " + ProcessMemory.NOT_AVAILABLE
                        + " (Linux's sched_setaffinity only)");
        int processors = Runtime.getRuntime().availableProcessors();
        require(
                cpu >= -1 && cpu < processors,
                "--cpu must be a processor from 0 to " + (processors - 1) + " (or -1 for none), got " + cpu);
        require(
                rssEvery == 0 || ProcessMemory.available(),
                "--rss-every: resident memory is " + ProcessMemory.NOT_AVAILABLE + " (Linux's /proc only)");
        Path dir = out.toAbsolutePath().getParent();
        require(dir != null && Files.isDirectory(dir), "--out " + out + ": folder does not exist");
        TrainingBenchmark.Plan plan = new TrainingBenchmark.Plan(
                batchSize, steps, warmup, threads, rssEvery, clock.equals("cpu"), cpu, seqLen);
        Mnist mnist = data.load(); // a bad --data-dir fails here, once, not in every child
        List<BenchResult> results = BenchRun.run(
                mnist,
                plan,
                kinds,
                sameJvm,
                engine.childCommand(
                        "--dataset",
                        data.dataset(),
                        "--data-dir",
                        data.dataDir().toString()),
                System.out::println);
        RunDirectory.writeAtomically(out, BenchResult.csv(results));
        System.out.print(BenchResult.table(results));
        engine.setup().forEach(System.out::println);
        System.out.println("wrote " + out);
        return 0;
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new UserError(message);
        }
    }
}
