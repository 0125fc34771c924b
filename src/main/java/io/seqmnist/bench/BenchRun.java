package io.seqmnist.bench;

import io.seqmnist.ChildJvm;
import io.seqmnist.data.Mnist;
import io.seqmnist.model.ModelKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The models of one {@code bench}, each in a JVM of its own by default: a process's peak memory only grows, so models
 * measured one after another in one JVM would each report the largest so far. A child runs {@code bench} for its one
 * model and hands its row back through a temporary CSV.
 */
public final class BenchRun {

    private BenchRun() {}

    /**
     * Measures every model, in this JVM when {@code sameJvm} or there is only one.
     *
     * @param childCommand turns the arguments of {@code seqmnist bench} for one model into the command line of a
     *     process that runs it
     * @param log the lines {@link TrainingBenchmark} prints as it goes (this JVM only)
     */
    public static List<BenchResult> run(
            Mnist data,
            TrainingBenchmark.Plan plan,
            List<ModelKind> kinds,
            boolean sameJvm,
            UnaryOperator<List<String>> childCommand,
            Consumer<String> log) {
        List<BenchResult> results = new ArrayList<>();
        if (sameJvm || kinds.size() == 1) {
            TrainingBenchmark bench = new TrainingBenchmark(data, plan, log);
            for (ModelKind kind : kinds) {
                results.add(bench.run(kind));
            }
        } else {
            for (ModelKind kind : kinds) {
                results.addAll(inChild(kind, plan, childCommand));
            }
        }
        return results;
    }

    /** One model in a fresh JVM that writes its row to a temporary CSV. */
    private static List<BenchResult> inChild(
            ModelKind kind, TrainingBenchmark.Plan plan, UnaryOperator<List<String>> childCommand) {
        try {
            Path rows = Files.createTempFile("seqmnist-bench-", ".csv");
            try {
                int status = ChildJvm.run(childCommand.apply(arguments(kind, plan, rows)));
                if (status != 0) {
                    throw new IllegalStateException("bench of " + kind + " failed (exit " + status + ")");
                }
                List<String> lines = Files.readAllLines(rows);
                return lines.stream().skip(1).map(BenchResult::parse).toList();
            } finally {
                Files.deleteIfExists(rows);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code bench} and the plan's options for one model, its CSV written to {@code rows}. */
    static List<String> arguments(ModelKind kind, TrainingBenchmark.Plan plan, Path rows) {
        return List.of(
                "bench",
                "--models",
                kind.cliName(),
                "--batch-size",
                "" + plan.batchSize(),
                "--steps",
                "" + plan.steps(),
                "--warmup",
                "" + plan.warmup(),
                "--threads",
                "" + plan.threads(),
                "--rss-every",
                "" + plan.rssEvery(),
                "--clock",
                plan.cpuClock() ? "cpu" : "wall",
                "--cpu",
                "" + plan.cpu(),
                "--seq-len",
                "" + plan.seqLen(),
                "--out",
                rows.toString());
    }
}
