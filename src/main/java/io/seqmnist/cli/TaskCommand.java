package io.seqmnist.cli;

import io.seqmnist.UserError;
import io.seqmnist.experiment.SweepPlan;
import io.seqmnist.experiment.TaskClaim;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * One task of a plan ({@code compare --plan DIR}): trains run INDEX into its folder, as {@code compare} would in a
 * child process, resuming it from its checkpoint. What a scheduler runs, the index from its environment.
 */
@Command(
        name = "task",
        description = {
            "Train run INDEX of the plan in DIR (written by compare --plan or tune --grid full --plan). Without INDEX:"
                    + " SLURM_ARRAY_TASK_ID (a Slurm job array), else JOB_COMPLETION_INDEX (a Kubernetes Indexed Job).",
            "A run stopped before resumes from its checkpoint; a finished one exits 0 at once. The task is claimed"
                    + " with a lock in its folder: a second worker on the same index waits for the first and exits 0"
                    + " only if the run is finished (with --no-wait it exits 75 at once). Exit status 0 means the run"
                    + " is finished."
        })
public final class TaskCommand implements Callable<Integer> {

    /** EX_TEMPFAIL: another worker holds the task; try again later. */
    static final int CLAIMED = 75;

    static final List<String> INDEX_VARIABLES = List.of("SLURM_ARRAY_TASK_ID", "JOB_COMPLETION_INDEX");

    @Parameters(index = "0", paramLabel = "DIR", description = "the plan folder")
    Path dir;

    @Parameters(index = "1", arity = "0..1", paramLabel = "INDEX", description = "the task, 0 to N-1")
    String index;

    @Option(
            names = "--data-dir",
            description = "the data folder, where it is not at the path the plan names (say, mounted elsewhere)")
    Path dataDir;

    @Option(
            names = "--checkpoint-minutes",
            defaultValue = "5",
            paramLabel = "M",
            description = "a checkpoint within an epoch every M minutes, and on SIGTERM at the next mini-batch"
                    + " (default: ${DEFAULT-VALUE})")
    double checkpointMinutes;

    @Option(names = "--no-wait", description = "exit 75 at once when another worker holds the task")
    boolean noWait;

    /** The environment, replaceable in tests. */
    java.util.function.Function<String, String> environment = System::getenv;

    @Override
    public Integer call() {
        SweepPlan plan = SweepPlan.read(dir);
        SweepPlan.Task task = chosenTask(plan);
        Path runDir = plan.folder(task).path();
        String name = "task " + task.index() + " (" + task.name() + ")";
        if (plan.finished(task)) {
            System.out.println(name + ": finished already");
            return 0;
        }
        TaskClaim tried = TaskClaim.tryClaim(runDir);
        if (tried == null) {
            String holder = TaskClaim.holder(runDir);
            if (noWait) {
                System.err.println("seqmnist: " + name + ": claimed by " + holder + "; not waiting (--no-wait)");
                return CLAIMED;
            }
            System.out.println(name + ": claimed by " + holder + "; waiting for it to end");
            System.out.flush();
        }
        try (TaskClaim claim = tried != null ? tried : TaskClaim.claim(runDir)) {
            if (plan.finished(task)) {
                System.out.println(name + ": finished by the worker waited for");
                return 0;
            }
            List<String> args = new ArrayList<>(List.of("train"));
            args.addAll(task.trainOptions());
            args.addAll(List.of(
                    "--data-dir",
                    (dataDir != null ? dataDir : plan.dataDir()).toString(),
                    "--out",
                    runDir.toString(),
                    "--resume",
                    "--checkpoint-minutes",
                    String.valueOf(checkpointMinutes),
                    "--accel",
                    plan.accel()));
            System.out.println(name + ": training into " + runDir);
            return Main.execute(args.toArray(String[]::new));
        }
    }

    /** The index given, else the scheduler's; one line naming the source when missing or wrong. */
    SweepPlan.Task chosenTask(SweepPlan plan) {
        String source = "INDEX";
        String text = index;
        for (String variable : INDEX_VARIABLES) {
            if (text != null) {
                break;
            }
            String value = environment.apply(variable);
            if (value != null && !value.isBlank()) {
                text = value;
                source = variable;
            }
        }
        if (text == null) {
            throw new UserError("task: give INDEX (0 to " + (plan.size() - 1) + "), or run it as a Slurm array task"
                    + " (SLURM_ARRAY_TASK_ID) or a Kubernetes Indexed Job (JOB_COMPLETION_INDEX)");
        }
        int i;
        try {
            i = Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw new UserError(source + " '" + text + "': not a whole number (0 to " + (plan.size() - 1) + ")");
        }
        return plan.task(i, source);
    }
}
