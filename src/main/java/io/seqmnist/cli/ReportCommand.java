package io.seqmnist.cli;

import io.seqmnist.UserError;
import io.seqmnist.data.Mnist;
import io.seqmnist.experiment.Launcher;
import io.seqmnist.experiment.RunPlan;
import io.seqmnist.experiment.SweepPlan;
import io.seqmnist.report.Report;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The report of a plan's sweep from the folders its tasks left: REPORT.md, the charts and summary.csv in DIR, as
 * {@code compare} writes them (for a tune plan, TUNING.md and validation.csv, as {@code tune} writes them).
 */
@Command(
        name = "report",
        description = {
            "Write the report of a plan (compare --plan DIR) from its finished runs: REPORT.md, charts and"
                    + " summary.csv in DIR (a tune plan: TUNING.md and validation.csv). Lists the unfinished runs"
                    + " and exits 1 without writing anything, unless --partial."
        })
public final class ReportCommand implements Callable<Integer> {

    /** Runs unfinished and no --partial. */
    static final int UNFINISHED = 1;

    @Parameters(index = "0", paramLabel = "DIR", description = "the plan folder")
    Path dir;

    @Option(names = "--partial", description = "report the finished runs even when others are not")
    boolean partial;

    @Option(names = "--data-dir", description = "the data folder, where it is not at the path the plan names")
    Path dataDir;

    @Mixin
    EngineOptions engine;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        SweepPlan plan = SweepPlan.read(dir);
        List<SweepPlan.Task> unfinished =
                plan.tasks().stream().filter(t -> !plan.finished(t)).toList();
        if (!unfinished.isEmpty()) {
            System.out.printf("report: %d of %d runs unfinished:%n", unfinished.size(), plan.size());
            for (SweepPlan.Task t : unfinished) {
                System.out.printf("  task %d: %s (%s)%n", t.index(), t.name(), t.folder());
            }
            String which = unfinished.stream()
                    .limit(5)
                    .map(t -> String.valueOf(t.index()))
                    .collect(Collectors.joining(", "));
            if (!partial) {
                System.err.println("seqmnist: report: " + unfinished.size() + " of " + plan.size()
                        + " runs are unfinished (tasks " + which + (unfinished.size() > 5 ? ", ..." : "")
                        + "); run their tasks, or add --partial to report the finished ones");
                return UNFINISHED;
            }
            if (unfinished.size() == plan.size()) {
                throw new UserError("report: no run of " + plan.dir() + " is finished; nothing to report");
            }
            if (plan.kind().equals("tune")) {
                throw new UserError("report: --partial does not apply to a tune plan: a point is scored over all its"
                        + " seeds; run the unfinished tasks first");
            }
        }
        if (plan.kind().equals("tune")) {
            // every run is finished: the tune command on the plan folder trains nothing and writes the table
            return Main.execute(plan.reportArgs().toArray(String[]::new));
        }
        engine.apply();
        Mnist data = Mnist.load(plan.tasks().get(0).config().dataset(), dataDir != null ? dataDir : plan.dataDir());
        List<RunPlan.Run> runs = new ArrayList<>();
        List<RunPlan.Run> all = plan.runs();
        for (int i = 0; i < all.size(); i++) {
            if (plan.finished(plan.tasks().get(i))) {
                runs.add(all.get(i));
            }
        }
        String command = plan.command() + "\n"
                + Launcher.programName() + " task " + dir + " INDEX   # INDEX 0 to " + (plan.size() - 1)
                + ", each task a process of its own\n"
                + Launcher.commandLine(spec.commandLine().getParseResult().originalArgs());
        int threads = runs.get(0).config().threads();
        new Report(plan.dir(), data, runs)
                .write(new Report.Provenance(command, 1, threads, Double.NaN, 0, engine.setup()));
        System.out.printf(
                "report: %d of %d runs; report: %s, table: %s%n",
                runs.size(),
                plan.size(),
                plan.dir().resolve("REPORT.md"),
                plan.dir().resolve("summary.csv"));
        return 0;
    }
}
