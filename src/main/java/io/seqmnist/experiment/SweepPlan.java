package io.seqmnist.experiment;

import com.google.gson.JsonParseException;
import io.seqmnist.IoErrors;
import io.seqmnist.UserError;
import io.seqmnist.train.TrainConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A sweep written down for a scheduler instead of trained: {@code DIR/plan.json} lists every run of a {@link RunPlan},
 * each a task a worker trains by its index ({@code seqmnist task DIR INDEX}) into its folder under {@code DIR/runs/}.
 *
 * <p>plan.json (format "seqmnist plan", version 1), JSON with these keys:
 *
 * <ul>
 *   <li>{@code format}, {@code version}: "seqmnist plan", 1.
 *   <li>{@code kind}: "compare" or "tune", the command that planned it; {@code command}: its command line;
 *       {@code report_args}: for a tune plan, the arguments of the {@code tune} command that, once every task is
 *       finished, writes TUNING.md from the folders (the planning command with {@code --out DIR} for {@code --plan
 *       DIR}).
 *   <li>{@code data_dir}: the data folder (absolute) every task reads; {@code accel}: the accelerator mode every task
 *       runs with (the planning command's), so all tasks compute alike.
 *   <li>{@code runs}: one object per task, in index order: {@code index} (0 to N-1), {@code spec} (the run spec, as
 *       {@code --models} takes it: {@code rnn}, {@code rnn:h=268}), {@code name} (its folder's name), {@code folder}
 *       (relative to DIR: {@code runs/rnn-seed0}), {@code train_options} (the options of {@code seqmnist train} that
 *       make the run, as {@code compare} hands them to its child processes) and {@code config} (the same settings as a
 *       run's checkpoint holds them).
 * </ul>
 */
public final class SweepPlan {

    public static final String FILE = "plan.json";
    static final String FORMAT = "seqmnist plan";
    static final int VERSION = 1;

    /** One task of the plan. */
    public record Task(
            int index, String spec, String name, String folder, List<String> trainOptions, TrainConfig config) {}

    /** plan.json's content. */
    private record Json(
            String format,
            int version,
            String kind,
            String command,
            String dataDir,
            String accel,
            List<String> reportArgs,
            List<Task> runs) {}

    private final Path dir;
    private final Json json;

    private SweepPlan(Path dir, Json json) {
        this.dir = dir;
        this.json = json;
    }

    /**
     * The plan of these runs, each of which must have its folder under {@code dir/runs/}.
     *
     * @param kind "compare" or "tune"
     * @param dataDir the data folder the tasks read
     * @param accel the accelerator mode the tasks run with
     */
    public static SweepPlan of(
            Path dir, String kind, RunPlan plan, Path dataDir, String accel, String command, List<String> reportArgs) {
        Path absolute = dir.toAbsolutePath().normalize();
        List<Task> tasks = new ArrayList<>();
        for (RunPlan.Run run : plan.runs()) {
            Path folder = run.dir().path().toAbsolutePath().normalize();
            if (!folder.getParent().equals(absolute.resolve("runs"))) {
                throw new IllegalArgumentException(folder + " is not a folder of " + absolute.resolve("runs"));
            }
            tasks.add(new Task(
                    tasks.size(),
                    run.spec().toString(),
                    run.name(),
                    "runs/" + run.name(),
                    ChildRun.trainOptions(run.config()),
                    run.config()));
        }
        return new SweepPlan(
                absolute,
                new Json(
                        FORMAT,
                        VERSION,
                        kind,
                        command,
                        dataDir.toAbsolutePath().normalize().toString(),
                        accel,
                        List.copyOf(reportArgs),
                        List.copyOf(tasks)));
    }

    /** The plan folder, absolute. */
    public Path dir() {
        return dir;
    }

    public String kind() {
        return json.kind();
    }

    public String command() {
        return json.command();
    }

    public Path dataDir() {
        return Path.of(json.dataDir());
    }

    public String accel() {
        return json.accel();
    }

    /** For a tune plan: the arguments of the tune command that writes TUNING.md from the finished folders. */
    public List<String> reportArgs() {
        return json.reportArgs() == null ? List.of() : json.reportArgs();
    }

    /**
     * Whether the task's folder holds its run, finished: summary.json of the same settings and as many epochs. (A
     * worker that finds it so has nothing to do; a report reads only such runs.)
     */
    public boolean finished(Task task) {
        RunDirectory folder = folder(task);
        if (!folder.hasSummary()) {
            return false;
        }
        RunSummary summary = folder.readSummary();
        return summary.epochs() == task.config().epochs()
                && ExistingRun.differences(summary.config(), task.config()).isEmpty();
    }

    public List<Task> tasks() {
        return json.runs();
    }

    public int size() {
        return json.runs().size();
    }

    /** The folder of a task. */
    public RunDirectory folder(Task task) {
        return new RunDirectory(dir.resolve(task.folder()));
    }

    /** Every task as a run of a plan: its config and folder. */
    public List<RunPlan.Run> runs() {
        return tasks().stream()
                .map(t -> new RunPlan.Run(RunSpec.parse(t.spec(), dir.resolve(FILE) + ": spec"), t.config(), folder(t)))
                .toList();
    }

    /**
     * The task of an index, or a one-line error naming where the index came from.
     *
     * @param source "INDEX", "SLURM_ARRAY_TASK_ID", ...
     */
    public Task task(int index, String source) {
        if (index < 0 || index >= size()) {
            throw new UserError(String.format(
                    Locale.ROOT, "%s %d: the plan in %s has tasks 0 to %d", source, index, dir, size() - 1));
        }
        return tasks().get(index);
    }

    /**
     * Writes plan.json (atomically). A folder holding another plan is refused: its runs' folders would hold runs of
     * another sweep. The same plan again is rewritten as it is.
     */
    public void write() {
        Path file = dir.resolve(FILE);
        new RunDirectory(dir).create();
        if (Files.exists(file)) {
            SweepPlan there = read(dir);
            if (!there.tasks().equals(tasks())) {
                throw new UserError(file + ": holds another plan (" + there.size() + " tasks: " + there.command()
                        + "); choose another --plan folder");
            }
        }
        RunDirectory.writeAtomically(file, RunDirectory.GSON.toJson(json) + "\n");
    }

    /** Reads DIR/plan.json, or fails with one line naming the file. */
    public static SweepPlan read(Path dir) {
        Path absolute = dir.toAbsolutePath().normalize();
        Path file = absolute.resolve(FILE);
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new UserError(file + ": not found; is " + dir + " a folder written by compare --plan?");
        } catch (IOException e) {
            throw new UserError(file + ": cannot read (" + IoErrors.describe(e) + ")");
        }
        Json json;
        try {
            json = RunDirectory.GSON.fromJson(text, Json.class);
        } catch (JsonParseException | IllegalArgumentException e) {
            throw new UserError(file + ": not a valid plan (" + e.getMessage() + ")");
        }
        if (json == null || !FORMAT.equals(json.format())) {
            throw new UserError(file + ": not a seqmnist plan");
        }
        if (json.version() != VERSION) {
            throw new UserError(file + ": plan format version " + json.version() + ", this seqmnist reads " + VERSION);
        }
        if (json.runs() == null || json.runs().isEmpty() || json.dataDir() == null) {
            throw new UserError(file + ": a plan without runs or data folder");
        }
        for (int i = 0; i < json.runs().size(); i++) {
            Task t = json.runs().get(i);
            if (t == null
                    || t.index() != i
                    || t.config() == null
                    || t.config().model() == null
                    || t.folder() == null
                    || !t.folder().startsWith("runs/")
                    || t.folder().contains("..")
                    || t.trainOptions() == null
                    || t.spec() == null) {
                throw new UserError(file + ": task " + i + " is incomplete or out of order");
            }
        }
        return new SweepPlan(absolute, json);
    }
}
