package io.seqmnist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.seqmnist.ChildJvm;
import io.seqmnist.TestData;
import io.seqmnist.experiment.RunDirectory;
import io.seqmnist.experiment.SweepPlan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance (issue 29): a plan's tasks run as separate processes, in shuffled order, each given its index through the
 * scheduler's environment variable; one is killed with SIGKILL in the middle of its run and run again; two processes
 * started on one index at once train it once. The report from the folders then equals, run by run and epoch by epoch,
 * the single-machine compare of the same sweep.
 */
class PlanTasksTest {

    @TempDir
    Path tmp;

    private static final String[] SWEEP = {
        "--models", "rnn:h=64,gru", "--seeds", "2", "--epochs", "3", "--batch-size", "16", "--limit", "320"
    };

    @Test
    @DisabledOnOs(
            value = OS.WINDOWS,
            disabledReason = "destroyForcibly() is SIGKILL (exit status 137) on Linux and macOS only")
    void tasksInShuffledOrderKilledAndDoubledReportAsTheSingleMachineCompare() throws Exception {
        // orchestration, not learning, is under test here: small synthetic IDX files keep it quick
        String data = TestData.writeDataset(tmp.resolve("data"), 320, 300, true).toString();
        Path dir = tmp.resolve("sweep");
        assertEquals(
                0,
                Main.execute(concat(concat(new String[] {"compare"}, SWEEP), "--data-dir", data, "--plan", "" + dir)));
        SweepPlan plan = SweepPlan.read(dir);
        assertEquals(4, plan.size());
        assertEquals(
                List.of("rnn:h=64", "gru", "rnn:h=64", "gru"),
                plan.tasks().stream().map(SweepPlan.Task::spec).toList());
        assertFalse(Files.exists(dir.resolve("runs")), "planned, nothing trained");

        // the report refuses while runs are unfinished, and writes nothing
        assertEquals(ReportCommand.UNFINISHED, Main.execute("report", dir.toString()));
        assertFalse(Files.exists(dir.resolve("REPORT.md")));

        // task 1 (gru, seed 0): SIGKILL after its first epoch, then run again
        int killed = 1;
        Process victim = task(dir, killed, "SLURM_ARRAY_TASK_ID", "killed");
        Path victimRun = dir.resolve(plan.tasks().get(killed).folder());
        waitUntil(() -> !victim.isAlive() || epochsWritten(victimRun) >= 1, "task 1's first epoch", "killed");
        assertTrue(victim.isAlive(), "still training when killed:\n" + log("killed"));
        victim.destroyForcibly();
        assertEquals(137, victim.waitFor(), "128 + SIGKILL");
        assertFalse(Files.exists(victimRun.resolve(RunDirectory.SUMMARY)), "killed before the end");

        // task 2 (rnn, seed 1): two workers at once, one trains, the other waits and exits 0 when it is finished
        Process first = task(dir, 2, "JOB_COMPLETION_INDEX", "twice-a");
        Process second = task(dir, 2, "JOB_COMPLETION_INDEX", "twice-b");
        assertEquals(0, exit(first), log("twice-a"));
        assertEquals(0, exit(second), log("twice-b"));
        List<String> trained = Stream.of("twice-a", "twice-b")
                .filter(name -> log(name).contains("epoch  1:"))
                .toList();
        assertEquals(1, trained.size(), "exactly one trained:\n" + log("twice-a") + "\n" + log("twice-b"));
        String waiter = trained.get(0).equals("twice-a") ? "twice-b" : "twice-a";
        assertTrue(
                log(waiter).contains("claimed by ") && log(waiter).contains("finished by the worker waited for"),
                log(waiter));

        // the rest, and the killed one again, in shuffled order, one process each
        List<Integer> order = new ArrayList<>(List.of(0, 1, 3));
        Collections.shuffle(order, new Random(29));
        for (int index : order) {
            assertEquals(0, exit(task(dir, index, "SLURM_ARRAY_TASK_ID", "task-" + index)), log("task-" + index));
        }
        assertTrue(log("task-" + killed).contains("resuming after epoch"), log("task-" + killed));
        // a finished task exits 0 at once, without training
        assertEquals(0, exit(task(dir, killed, "SLURM_ARRAY_TASK_ID", "again")));
        assertTrue(log("again").contains("finished already"), log("again"));

        assertEquals(0, Main.execute("report", dir.toString()));
        String report = Files.readString(dir.resolve("REPORT.md"));
        assertTrue(report.contains("4 runs trained as the tasks of a plan"), report);

        Path single = tmp.resolve("single");
        assertEquals(
                0,
                Main.execute(
                        concat(concat(new String[] {"compare"}, SWEEP), "--data-dir", data, "--out", "" + single)));
        for (SweepPlan.Task t : plan.tasks()) {
            assertEquals(
                    lossAndAccuracy(single.resolve(t.folder())), lossAndAccuracy(dir.resolve(t.folder())), t.name());
            assertEquals(4, lossAndAccuracy(dir.resolve(t.folder())).size(), "header and 3 epochs");
        }
        assertEquals(withoutTimes(single.resolve("summary.csv")), withoutTimes(dir.resolve("summary.csv")));
    }

    /** A task process: seqmnist's JVM on the test class path, the index in the environment variable named. */
    private Process task(Path dir, int index, String variable, String logName) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(ChildJvm.command(Main.class, List.of("task", dir.toString())))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        tmp.resolve(logName + ".log").toFile()));
        Map<String, String> env = builder.environment();
        env.remove("SLURM_ARRAY_TASK_ID");
        env.remove("JOB_COMPLETION_INDEX");
        env.put(variable, String.valueOf(index));
        return builder.start();
    }

    private static int exit(Process p) throws InterruptedException {
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("a task ran over 3 minutes");
        }
        return p.exitValue();
    }

    private String log(String name) {
        try {
            Path file = tmp.resolve(name + ".log");
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static int epochsWritten(Path run) {
        try {
            Path metrics = run.resolve(RunDirectory.METRICS);
            return Files.exists(metrics) ? Files.readAllLines(metrics).size() - 1 : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    private void waitUntil(BooleanSupplier condition, String what, String logName) throws InterruptedException {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting for " + what + ":\n" + log(logName));
            }
            Thread.sleep(5);
        }
    }

    /** metrics.csv without its timing columns. */
    private static List<String> lossAndAccuracy(Path run) throws IOException {
        return Files.readAllLines(run.resolve(RunDirectory.METRICS)).stream()
                .map(line -> String.join(",", List.of(line.split(",")).subList(0, 4)))
                .toList();
    }

    /** summary.csv without train_seconds and seconds_per_epoch. */
    private static List<String> withoutTimes(Path csv) throws IOException {
        return Files.readAllLines(csv).stream()
                .map(line -> {
                    List<String> f = new ArrayList<>(List.of(line.split(",")));
                    f.remove(6);
                    f.remove(5);
                    return String.join(",", f);
                })
                .toList();
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
