package io.seqmnist.experiment;

import io.seqmnist.InvalidSetting;
import io.seqmnist.UserError;
import io.seqmnist.data.Mnist;
import io.seqmnist.model.ModelKind;
import io.seqmnist.train.EpochResult;
import io.seqmnist.train.Recipe;
import io.seqmnist.train.TrainConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.UnaryOperator;

/**
 * The runs {@code compare} trains (every model for every seed and recipe, each into a folder of its own under
 * {@code OUT/runs/}) or {@code tune} tries, up to {@code jobs} at once, each in a child process of its own (one engine
 * thread each, so two jobs use the two cores). A process per run also with one job: runs trained one after the other in
 * one process slowed each other down (an LSTM after an RNN and a GRU: 18.5 s per epoch against 12.7 s in a process of
 * its own; bench/README.md). A finished run in its folder is kept as it is, an interrupted one continues from its last
 * complete epoch, and a different run there is refused (see {@link ExistingRun}).
 */
public final class RunPlan {

    /**
     * One run of the plan.
     *
     * @param spec the model and its own settings as the command named them: the run's name in tables
     */
    public record Run(RunSpec spec, TrainConfig config, RunDirectory dir) {
        public Run(TrainConfig config, RunDirectory dir) {
            this(RunSpec.of(config.model()), config, dir);
        }

        /** The run's folder name, which says what it is: {@code <spec>[-<recipe>]-seed<k>}, e.g. rnn-h268-seed0. */
        public String name() {
            return dir.path().getFileName().toString();
        }
    }

    /** Told what happens, from several threads at once. */
    public interface Listener {
        void started(Run run);

        void epochDone(Run run, EpochResult result);

        void finished(Run run, RunSummary summary, boolean reused);

        /** A run that failed (training diverged, say) while the plan went on with the others. */
        default void failed(Run run, String reason) {}
    }

    private final List<Run> runs;

    private RunPlan(List<Run> runs) {
        this.runs = runs;
    }

    /** A plan of the given runs, each in its own folder. */
    public static RunPlan of(List<Run> runs) {
        if (runs.isEmpty()) {
            throw new InvalidSetting("{models}: name at least one model");
        }
        return new RunPlan(List.copyOf(runs));
    }

    /**
     * Every model for seeds 0..seeds-1 under every recipe, each into {@code OUT/runs/<spec>-seed<k>} for the assignment
     * recipe and {@code OUT/runs/<spec>-<recipe>-seed<k>} for another; {@code config} gives a run's config, to which
     * the spec's own settings are applied.
     */
    public static RunPlan of(List<RunSpec> models, int seeds, List<Recipe> recipes, Configs config, Path out) {
        if (models.isEmpty()) {
            throw new InvalidSetting("{models}: name at least one model");
        }
        if (models.stream().map(RunSpec::folderName).distinct().count() < models.size()) {
            throw new InvalidSetting("{models} names the same run twice: " + models);
        }
        if (seeds < 1) {
            throw new InvalidSetting("{seeds} must be at least 1, got " + seeds);
        }
        List<Run> runs = new ArrayList<>();
        for (int seed = 0; seed < seeds; seed++) {
            for (Recipe recipe : recipes) {
                for (RunSpec model : models) {
                    String name = model.folderName()
                            + (recipe == Recipe.ASSIGNMENT ? "" : "-" + recipe.cliName())
                            + "-seed" + seed;
                    runs.add(new Run(
                            model,
                            model.applyTo(config.of(model.model(), seed, recipe)),
                            new RunDirectory(out.resolve("runs").resolve(name))));
                }
            }
        }
        return new RunPlan(runs);
    }

    /** The config of one run of a plan. */
    public interface Configs {
        TrainConfig of(ModelKind model, int seed, Recipe recipe);
    }

    public List<Run> runs() {
        return runs;
    }

    /**
     * Trains what is not complete yet, {@code jobs} at a time; returns every run's summary. The first run that fails
     * stops the plan with its error.
     *
     * @param trainProcess turns the arguments of {@code seqmnist train} (the command's name first) into the command
     *     line of a process that runs them: the command line layer's JVM, with its settings
     */
    public List<RunSummary> execute(
            Mnist data, Path dataDir, int jobs, Listener listener, UnaryOperator<List<String>> trainProcess) {
        return execute(data, dataDir, jobs, listener, trainProcess, true);
    }

    /**
     * As {@link #execute(Mnist, Path, int, Listener, UnaryOperator)}, and when the JVM is stopped (Ctrl-C) says in one
     * line that every complete epoch is kept and that {@code command}, run again, continues from there.
     */
    public List<RunSummary> execute(
            Mnist data,
            Path dataDir,
            int jobs,
            Listener listener,
            UnaryOperator<List<String>> trainProcess,
            String command) {
        Path folders = runs.get(0).dir().path().getParent();
        Thread notice = new Thread(() -> System.err.println("seqmnist: interrupted; " + folders
                + " keeps every complete epoch; run the same command again to continue: " + command));
        Runtime.getRuntime().addShutdownHook(notice);
        try {
            return execute(data, dataDir, jobs, listener, trainProcess);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(notice);
            } catch (IllegalStateException shuttingDown) {
                // the notice is what the user sees now
            }
        }
    }

    /**
     * As {@link #execute(Mnist, Path, int, Listener, UnaryOperator)}; unless {@code stopAtFailure}, a run that fails is
     * told to the listener, has null for its summary, and the others go on.
     */
    public List<RunSummary> execute(
            Mnist data,
            Path dataDir,
            int jobs,
            Listener listener,
            UnaryOperator<List<String>> trainProcess,
            boolean stopAtFailure) {
        Jobs.require(jobs);
        ExecutorService pool = Executors.newFixedThreadPool(jobs, r -> {
            Thread t = new Thread(r, "compare-job"); // waits on a child
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<RunSummary>> futures = new ArrayList<>();
            for (Run run : runs) {
                futures.add(pool.submit(() -> {
                    try {
                        return execute(data, dataDir, run, listener, trainProcess);
                    } catch (UserError e) {
                        if (stopAtFailure) {
                            throw e;
                        }
                        listener.failed(run, e.getMessage());
                        return null;
                    }
                }));
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

    private static RunSummary execute(
            Mnist data, Path dataDir, Run run, Listener listener, UnaryOperator<List<String>> trainProcess) {
        run.dir().create();
        RunSummary finished = ExistingRun.examine(data, run.config(), run.dir(), TrainRun.IfExists.RESUME)
                .finished();
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
