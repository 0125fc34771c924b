package io.seqmnist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seqmnist.CliRun;
import io.seqmnist.TestData;
import io.seqmnist.experiment.SweepPlan;
import io.seqmnist.experiment.TaskClaim;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mistakes with plans, tasks and reports: one line naming the option, file or variable, a non-zero exit, nothing
 * written; and the plans tune writes.
 */
class PlanErrorsTest {

    @TempDir
    Path tmp;

    private String data() throws IOException {
        return TestData.writeDataset(tmp.resolve("data"), 60, 30, false).toString();
    }

    private Path plan() throws IOException {
        Path dir = tmp.resolve("sweep");
        CliRun planned = CliRun.of(
                "compare", "--models", "rnn,fnn", "--epochs", "1", "--data-dir", data(), "--plan", dir.toString());
        assertEquals(0, planned.exitCode(), planned.err());
        assertTrue(planned.out().contains("compare: planned 2 runs in " + dir.toAbsolutePath()), planned.out());
        return dir;
    }

    @Test
    void aTaskNamesWhereItsIndexCameFrom() throws IOException {
        Path dir = plan();
        assertEquals(
                "seqmnist: task: give INDEX (0 to 1), or run it as a Slurm array task (SLURM_ARRAY_TASK_ID) or a"
                        + " Kubernetes Indexed Job (JOB_COMPLETION_INDEX)",
                taskWith(Map.of(), dir.toString()).userError());
        assertEquals(
                "seqmnist: INDEX 2: the plan in " + dir.toAbsolutePath() + " has tasks 0 to 1",
                taskWith(Map.of(), dir.toString(), "2").userError());
        assertEquals(
                "seqmnist: INDEX 'one': not a whole number (0 to 1)",
                taskWith(Map.of(), dir.toString(), "one").userError());
        assertEquals(
                "seqmnist: SLURM_ARRAY_TASK_ID '1x': not a whole number (0 to 1)",
                taskWith(Map.of("SLURM_ARRAY_TASK_ID", "1x", "JOB_COMPLETION_INDEX", "0"), dir.toString())
                        .userError());
        assertEquals(
                "seqmnist: JOB_COMPLETION_INDEX -1: the plan in " + dir.toAbsolutePath() + " has tasks 0 to 1",
                taskWith(Map.of("JOB_COMPLETION_INDEX", "-1"), dir.toString()).userError());
        assertFalse(Files.exists(dir.resolve("runs")), "no task started");
        String missing =
                CliRun.of("task", tmp.resolve("nowhere").toString(), "0").userError();
        assertTrue(missing.contains("plan.json: not found"), missing);
    }

    /** {@code task} with its environment given (the scheduler's variables), in this JVM. */
    private static CliRun taskWith(Map<String, String> env, String... args) {
        TaskCommand command = new TaskCommand();
        command.environment = env::get;
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        picocli.CommandLine cli = new picocli.CommandLine(command);
        cli.setErr(new java.io.PrintWriter(err, true));
        cli.setExecutionExceptionHandler((e, line, parsed) -> {
            line.getErr().println("seqmnist: " + e.getMessage());
            return io.seqmnist.UserError.EXIT_CODE;
        });
        int code = cli.execute(args);
        return new CliRun(code, "", err.toString());
    }

    @Test
    void aClaimedTaskWithNoWaitExits75AndTrainsNothing() throws IOException {
        Path dir = plan();
        Path run =
                SweepPlan.read(dir).folder(SweepPlan.read(dir).tasks().get(0)).path();
        try (TaskClaim held = TaskClaim.tryClaim(run)) {
            assertTrue(held != null);
            CliRun second = CliRun.of("task", dir.toString(), "0", "--no-wait");
            assertEquals(TaskCommand.CLAIMED, second.exitCode(), second.err());
            assertTrue(second.err().contains("claimed by "), second.err());
            assertFalse(Files.exists(run.resolve("checkpoint.bin")));
        }
    }

    @Test
    void theReportListsUnfinishedRunsAndWritesNothingUnlessPartial() throws IOException {
        Path dir = plan();
        CliRun report = CliRun.of("report", dir.toString());
        assertEquals(ReportCommand.UNFINISHED, report.exitCode());
        assertTrue(report.out().contains("task 1: fnn-seed0 (runs/fnn-seed0)"), report.out());
        assertEquals(
                List.of(
                        "seqmnist: report: 2 of 2 runs are unfinished (tasks 0, 1); run their tasks, or add --partial to"
                                + " report the finished ones"),
                report.errLines());
        assertFalse(Files.exists(dir.resolve("REPORT.md")));
        assertEquals(
                "seqmnist: report: no run of " + dir.toAbsolutePath() + " is finished; nothing to report",
                CliRun.of("report", dir.toString(), "--partial")
                        .err()
                        .lines()
                        .reduce((a, b) -> b)
                        .orElse(""));

        assertEquals(0, CliRun.of("task", dir.toString(), "1").exitCode());
        CliRun partial = CliRun.of("report", dir.toString(), "--partial");
        assertEquals(0, partial.exitCode(), partial.err());
        List<String> rows = Files.readAllLines(dir.resolve("summary.csv"));
        assertEquals(2, rows.size(), "the header and the one finished run: " + rows);
        assertTrue(rows.get(1).startsWith("fnn,"), rows.get(1));
    }

    @Test
    void planningMistakesWriteNothing() throws IOException {
        String data = data();
        Path dir = tmp.resolve("p");
        assertEquals(
                "seqmnist: --plan and --out: give one (the plan's runs and its report go into the --plan folder)",
                CliRun.of("compare", "--data-dir", data, "--plan", dir.toString(), "--out", "x")
                        .userError());
        assertEquals(
                "seqmnist: --plan needs --grid full: the staged search chooses its stage 2 from stage 1's results,"
                        + " which a plan cannot know ahead",
                CliRun.of("tune", "--data-dir", data, "--validation", "20", "--plan", dir.toString())
                        .userError());
        assertFalse(Files.exists(dir));
        Path other = plan();
        String before = Files.readString(other.resolve(SweepPlan.FILE));
        String refused = CliRun.of("compare", "--models", "gru", "--data-dir", data, "--plan", other.toString())
                .userError();
        assertTrue(refused.contains("holds another plan"), refused);
        assertEquals(before, Files.readString(other.resolve(SweepPlan.FILE)));
    }

    @Test
    void aFullTuningGridIsPlannedAndItsTableWrittenFromTheFolders() throws IOException {
        String data = data();
        Path dir = tmp.resolve("tune-plan");
        CliRun planned = CliRun.of(
                "tune",
                "--grid",
                "full",
                "--models",
                "rnn",
                "--schedules",
                "constant",
                "--lrs",
                "0.001",
                "--clip-norms",
                "1",
                "--weight-decays",
                "0.001",
                "--epochs",
                "1",
                "--validation",
                "20",
                "--data-dir",
                data,
                "--plan",
                dir.toString());
        assertEquals(0, planned.exitCode(), planned.err());
        SweepPlan plan = SweepPlan.read(dir);
        assertEquals("tune", plan.kind());
        assertEquals(4, plan.size(), "clipping none or 1, times weight decay none or 0.001");
        for (SweepPlan.Task t : plan.tasks()) {
            assertEquals(0, CliRun.of("task", dir.toString(), "" + t.index()).exitCode());
        }
        List<java.nio.file.attribute.FileTime> before = checkpointTimes(plan);
        CliRun table = CliRun.of("report", dir.toString());
        assertEquals(0, table.exitCode(), table.err());
        assertTrue(Files.exists(dir.resolve("TUNING.md")));
        assertEquals(before, checkpointTimes(plan), "trained nothing again: " + table.out());
    }

    private static List<java.nio.file.attribute.FileTime> checkpointTimes(SweepPlan plan) throws IOException {
        List<java.nio.file.attribute.FileTime> times = new java.util.ArrayList<>();
        for (SweepPlan.Task t : plan.tasks()) {
            times.add(Files.getLastModifiedTime(plan.folder(t).checkpointFile()));
        }
        return times;
    }
}
