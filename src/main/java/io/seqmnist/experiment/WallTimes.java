package io.seqmnist.experiment;

import io.seqmnist.UserError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * wall-times.csv in a compare's folder: a row for each invocation that trained runs there. A compare stopped and run
 * again, or run again to rebuild its report, trains only what is missing; these rows keep how long the training took in
 * all.
 */
public final class WallTimes {

    public static final String FILE = "wall-times.csv";
    private static final String HEADER = "finished,runs_trained,jobs,wall_seconds";

    /** One invocation: when it finished, how many runs it trained, with how many jobs, in how many seconds. */
    public record Entry(String finished, int runsTrained, int jobs, double wallSeconds) {}

    private WallTimes() {}

    /** Adds this invocation's row, when it trained anything. */
    public static void append(Path out, int runsTrained, int jobs, double wallSeconds) {
        if (runsTrained == 0) {
            return;
        }
        List<Entry> entries = new ArrayList<>(read(out));
        entries.add(
                new Entry(Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), runsTrained, jobs, wallSeconds));
        StringBuilder csv = new StringBuilder(HEADER).append('\n');
        for (Entry e : entries) {
            csv.append(String.format(
                    Locale.ROOT, "%s,%d,%d,%.1f%n", e.finished(), e.runsTrained(), e.jobs(), e.wallSeconds()));
        }
        RunDirectory.writeAtomically(out.resolve(FILE), csv.toString());
    }

    /** The rows so far; none when the folder has no such file. */
    public static List<Entry> read(Path out) {
        Path file = out.resolve(FILE);
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            List<String> lines = Files.readAllLines(file);
            if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
                throw new UserError(file + ": the first line is not " + HEADER);
            }
            List<Entry> entries = new ArrayList<>();
            for (int i = 1; i < lines.size(); i++) {
                String[] f = lines.get(i).split(",");
                if (f.length != 4) {
                    throw new UserError(file + ": line " + (i + 1) + " has " + f.length + " fields, not 4");
                }
                entries.add(new Entry(f[0], Integer.parseInt(f[1]), Integer.parseInt(f[2]), Double.parseDouble(f[3])));
            }
            return entries;
        } catch (IOException | NumberFormatException e) {
            throw new UserError(file + ": cannot read it (" + e.getMessage() + ")");
        }
    }
}
