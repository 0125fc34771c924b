package io.seqmnist.report;

import io.seqmnist.data.Mnist;
import io.seqmnist.experiment.RunSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The report's section on why the gates win (Question 2 item 5, Question 3 item 5): its figures and its Markdown, every
 * number in it computed from the {@link GateReading}s.
 */
final class GateSection {

    /** The gates that, near 1, keep the state as it was: a GRU's update gate, an LSTM's forget gate. */
    static final List<String> KEEPING_GATES = List.of("z", "f");

    static final Map<String, String> GATE_NAMES =
            Map.of("r", "reset gate", "z", "update gate", "i", "input gate", "f", "forget gate", "o", "output gate");

    static final Map<String, String> STATE_NAMES = Map.of("h", "hidden state moves", "c", "cell state moves");

    /** The text compares the first and last EDGE_ROWS rows, mostly blank, with the rows between. */
    static final int EDGE_ROWS = 4;

    private static final int ROWS = Mnist.SEQUENCE_LENGTH;

    private final Path out;
    private final Mnist.Split test;
    private final Map<RunSpec, GateReading> readings;
    private final int probe;
    private final StringBuilder md = new StringBuilder();

    GateSection(Path out, Mnist.Split test, Map<RunSpec, GateReading> readings, int probe) {
        this.out = out;
        this.test = test;
        this.readings = readings;
        this.probe = probe;
    }

    static String stateChangeFile() {
        return "state-change.png";
    }

    static String gatesFile(RunSpec kind) {
        return "gates-" + kind.folderName() + ".png";
    }

    static String gateMapFile(RunSpec kind) {
        return "gate-map-" + kind.folderName() + ".png";
    }

    /** Writes the figures; returns the section's Markdown (empty without a recurrent model). */
    String write() throws IOException {
        if (readings.isEmpty()) {
            return "";
        }
        double[] t = new double[ROWS];
        for (int i = 0; i < ROWS; i++) {
            t[i] = i + 1;
        }
        Map<String, double[]> moves = new LinkedHashMap<>();
        readings.forEach((kind, r) -> moves.put(kind.toString(), r.stateChangeAfterRow()));
        double top =
                moves.values().stream().flatMapToDouble(Arrays::stream).max().orElse(1);
        Charts.lines(
                out.resolve(stateChangeFile()),
                "How far the hidden state moves on each row (mean over the test set)",
                "row (t)",
                "‖h[t] - h[t-1]‖",
                t,
                moves,
                0,
                top * 1.05);

        line("## Why the gates win: gates and state, row by row (Question 2 item 5, Question 3 item 5)");
        line("");
        line(
                "Recomputed from each trained unit's own parameters with the unit's equations "
                        + "(`model/UnitInternals`, which reproduces the unit's own h[t] within 1e-5), over the %,d test "
                        + "images from h[0] = 0. ‖h[t] - h[t-1]‖ is how far the hidden state moves when row t is read; "
                        + "a gate's value is its mean over the images and the hidden units.",
                test.size());
        line("");
        sentences();
        line("");
        line("![How far the hidden state moves on each row](%s)", stateChangeFile());
        line("");
        table();
        for (Map.Entry<RunSpec, GateReading> e : readings.entrySet()) {
            RunSpec kind = e.getKey();
            GateReading r = e.getValue();
            if (r.gates().isEmpty()) {
                continue;
            }
            Map<String, double[]> series = new LinkedHashMap<>();
            r.gates()
                    .forEach(g -> series.put(
                            g + " (" + GATE_NAMES.get(g) + ")",
                            r.gateMeanAfterRow().get(g)));
            Charts.lines(
                    out.resolve(gatesFile(kind)),
                    kind.toString() + ": mean of each gate after each row (test set)",
                    "row (t)",
                    "gate (mean over images and units)",
                    t,
                    series,
                    0,
                    1);
            line("![Gates of %s, row by row](%s)", kind.toString(), gatesFile(kind));
            line("");
        }
        for (Map.Entry<RunSpec, GateReading> e : readings.entrySet()) {
            RunSpec kind = e.getKey();
            String gate = keepingGate(e.getValue());
            if (gate == null) {
                continue;
            }
            Charts.gateMap(
                    out.resolve(gateMapFile(kind)),
                    kind.toString() + ": " + gate + " (" + GATE_NAMES.get(gate) + ") on test image " + probe + " (a "
                            + test.label(probe) + ")",
                    test,
                    probe,
                    e.getValue().probeGates().get(gate));
            line(
                    "One digit, unit by unit: the %s's %s %s on each row for each hidden unit (units sorted by their "
                            + "mean; yellow is 1, keep the state; purple is 0, replace it):",
                    kind.toString(), GATE_NAMES.get(gate), gate);
            line("");
            line("![%s's %s on test image %d](%s)", kind.toString(), gate, probe, gateMapFile(kind));
            line("");
        }
        return md.toString();
    }

    /** Two or three sentences, each number read from the readings. */
    private void sentences() {
        int first = ROWS - EDGE_ROWS + 1;
        StringBuilder s = new StringBuilder(String.format(
                Locale.ROOT,
                "The last %d rows (%d-%d) hold %.1f%% of the test set's ink. On them, ",
                EDGE_ROWS,
                first,
                ROWS,
                100 * sum(inkShare(), first, ROWS)));
        Map<RunSpec, Double> lastMoves = new LinkedHashMap<>();
        List<String> parts = new ArrayList<>();
        readings.forEach((kind, r) -> {
            String gate = keepingGate(r);
            double moves = GateReading.mean(r.stateChangeAfterRow(), first, ROWS);
            lastMoves.put(kind, moves);
            parts.add(
                    gate == null
                            ? String.format(Locale.ROOT, "the %s's state moves %.2f per row", kind.toString(), moves)
                            : String.format(
                                    Locale.ROOT,
                                    "the %s's %s %s averages %.2f and its state moves %.2f per row",
                                    kind.toString(),
                                    GATE_NAMES.get(gate),
                                    gate,
                                    GateReading.mean(r.gateMeanAfterRow().get(gate), first, ROWS),
                                    moves));
        });
        s.append(String.join("; ", parts)).append('.');
        if (lastMoves.size() > 1) {
            Comparator<Map.Entry<RunSpec, Double>> byMoves = Map.Entry.comparingByValue();
            Map.Entry<RunSpec, Double> most = Collections.max(lastMoves.entrySet(), byMoves);
            Map.Entry<RunSpec, Double> least = Collections.min(lastMoves.entrySet(), byMoves);
            s.append(String.format(
                    Locale.ROOT,
                    " There the %s's state moves %.1f times as far per row as the %s's.",
                    most.getKey().toString(),
                    most.getValue() / least.getValue(),
                    least.getKey().toString()));
        }
        line("%s", s);
    }

    /** Per row range: the share of ink, each model's state movement and its keeping gate. */
    private void table() {
        int[][] ranges = {{1, EDGE_ROWS}, {EDGE_ROWS + 1, ROWS - EDGE_ROWS}, {ROWS - EDGE_ROWS + 1, ROWS}};
        StringBuilder header = new StringBuilder("| mean per row |");
        StringBuilder rule = new StringBuilder("|---|");
        for (int[] range : ranges) {
            header.append(" rows ")
                    .append(range[0])
                    .append('-')
                    .append(range[1])
                    .append(" |");
            rule.append("---:|");
        }
        line("%s", header);
        line("%s", rule);
        double[] ink = inkShare();
        StringBuilder inkRow = new StringBuilder("| share of the test set's ink, per row |");
        for (int[] range : ranges) {
            inkRow.append(String.format(
                    Locale.ROOT, " %.2f%% |", 100 * sum(ink, range[0], range[1]) / (range[1] - range[0] + 1)));
        }
        line("%s", inkRow);
        readings.forEach((kind, r) -> {
            r.changeAfterRow().forEach((state, change) -> {
                StringBuilder moves = new StringBuilder("| " + kind.toString() + ": " + STATE_NAMES.get(state) + " ‖"
                        + state + "[t] - " + state + "[t-1]‖ |");
                for (int[] range : ranges) {
                    moves.append(String.format(Locale.ROOT, " %.3f |", GateReading.mean(change, range[0], range[1])));
                }
                line("%s", moves);
            });
            for (String gate : r.gates()) {
                StringBuilder g =
                        new StringBuilder("| " + kind.toString() + ": " + gate + " (" + GATE_NAMES.get(gate) + ") |");
                for (int[] range : ranges) {
                    g.append(String.format(
                            Locale.ROOT,
                            " %.3f |",
                            GateReading.mean(r.gateMeanAfterRow().get(gate), range[0], range[1])));
                }
                line("%s", g);
            }
        });
        line("");
    }

    private static String keepingGate(GateReading r) {
        return r.gates().stream().filter(KEEPING_GATES::contains).findFirst().orElse(null);
    }

    /** Each row's share of all the ink (pixel values) in the test set. */
    private double[] inkShare() {
        double[] ink = new double[ROWS];
        double total = 0;
        for (int i = 0; i < test.size(); i++) {
            for (int r = 0; r < ROWS; r++) {
                for (int c = 0; c < Mnist.INPUT_SIZE; c++) {
                    int v = test.pixel(i, r, c);
                    ink[r] += v;
                    total += v;
                }
            }
        }
        for (int r = 0; r < ROWS; r++) {
            ink[r] /= total;
        }
        return ink;
    }

    private static double sum(double[] perRow, int first, int last) {
        double s = 0;
        for (int t = first; t <= last; t++) {
            s += perRow[t - 1];
        }
        return s;
    }

    private void line(String format, Object... args) {
        md.append(String.format(Locale.ROOT, format, args)).append('\n');
    }
}
