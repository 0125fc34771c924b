package io.seqmnist.train;

import io.seqmnist.UserError;
import io.seqmnist.data.Mnist;
import io.seqmnist.model.ModelKind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.UnaryOperator;

/**
 * The runs {@code compare} trains: every model for every seed, each into
 * {@code OUT/runs/<model>-seed<k>}, up to {@code jobs} at once, each in a child process of its own
 * (one engine thread each, so two jobs use the two cores). A process per run also with one job:
 * runs trained one after the other in one process slowed each other down (an LSTM after an RNN
 * and a GRU: 18.5 s per epoch against 12.7 s in a process of its own; bench/README.md). A finished run in
 * its folder is kept as it is, an interrupted one continues from its last complete epoch, and a
 * different run there is refused (see {@link ExistingRun}).
 */
public final class RunPlan {

    /** One run of the plan. */
    public record Run(TrainConfig config, RunDirectory dir) {
        public String name() {
            return config.model().cliName() + "-seed" + config.seed();
        }
    }

    /** Told what happens, from several threads at once. */
    public interface Listener {
        void started(Run run);

        void epochDone(Run run, EpochResult result);

        void finished(Run run, RunSummary summary, boolean reused);
    }

    private final List<Run> runs;

    private RunPlan(List<Run> runs) {
        this.runs = runs;
    }

    public static RunPlan of(List<ModelKind> models, int seeds, TrainConfig base, Path out) {
        if (models.isEmpty()) {
            throw new UserError("--models: name at least one model");
        }
        if (seeds < 1) {
            throw new UserError("--seeds must be at least 1, got " + seeds);
        }
        List<Run> runs = new ArrayList<>();
        for (int seed = 0; seed < seeds; seed++) {
            for (ModelKind model : models) {
                TrainConfig config = new TrainConfig(model, base.dataset(), base.epochs(),
                        base.batchSize(), base.hiddenSize(), base.learningRate(), seed,
                        base.limit(), base.threads());
                runs.add(new Run(config, new RunDirectory(
                        out.resolve("runs").resolve(model.cliName() + "-seed" + seed))));
            }
        }
        return new RunPlan(runs);
    }

    public List<Run> runs() {
        return runs;
    }

    /**
     * Trains what is not complete yet, {@code jobs} at a time; returns every run's summary.
     *
     * @param trainProcess turns the arguments of {@code seqmnist train} (the command's name
     *     first) into the command line of a process that runs them: the command line layer's
     *     JVM, with its settings
     */
    public List<RunSummary> execute(Mnist data, Path dataDir, int jobs, Listener listener,
            UnaryOperator<List<String>> trainProcess) {
        if (jobs < 1) {
            throw new UserError("--jobs must be at least 1, got " + jobs);
        }
        ExecutorService pool = Executors.newFixedThreadPool(jobs, r -> {
            Thread t = new Thread(r, "compare-job"); // waits on a child
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<RunSummary>> futures = new ArrayList<>();
            for (Run run : runs) {
                futures.add(pool.submit(() -> execute(data, dataDir, run, listener, trainProcess)));
            }
            List<RunSummary> summaries = new ArrayList<>();
            for (Future<RunSummary> f : futures) {
                summaries.add(f.get());
            }
            return summaries;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private static RunSummary execute(Mnist data, Path dataDir, Run run, Listener listener,
            UnaryOperator<List<String>> trainProcess) {
        run.dir().create();
        RunSummary finished =
                ExistingRun.examine(data, run.config(), run.dir(), TrainRun.IfExists.RESUME).finished();
        if (finished != null) {
            listener.finished(run, finished, true);
            return finished;
        }
        listener.started(run);
        RunSummary summary = ChildRun.run(run, dataDir, listener, trainProcess);
        listener.finished(run, summary, false);
        return summary;
    }
}
