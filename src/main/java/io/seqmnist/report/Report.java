package io.seqmnist.report;

import ai.djl.Model;
import io.seqmnist.UserError;
import io.seqmnist.data.Mnist;
import io.seqmnist.data.SequenceLayout;
import io.seqmnist.experiment.EpochGradientFlow;
import io.seqmnist.experiment.RunDirectory;
import io.seqmnist.experiment.RunPlan;
import io.seqmnist.experiment.RunSpec;
import io.seqmnist.experiment.RunSummary;
import io.seqmnist.experiment.WallTimes;
import io.seqmnist.model.RecurrentClassifier;
import io.seqmnist.train.EpochResult;
import io.seqmnist.train.Recipe;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Writes what {@code compare} found into its output folder: summary.csv, REPORT.md and the PNG figures REPORT.md
 * embeds. Everything is computed from the run folders, so the report can be rebuilt without training again.
 */
public final class Report {

    /** Test digits whose row-by-row reading the report shows: classes whose tops look alike. */
    static final int[] PROBE_CLASSES = {9, 4, 7};

    /**
     * How the report was produced, for its last section; {@code engineSetup} are lines such as "accelerator: off
     * (...)", each a fact about how the engine computed.
     */
    public record Provenance(
            String command, int jobs, int threads, double wallSeconds, int keptRuns, List<String> engineSetup) {}

    private final Path out;
    private final Mnist data;
    private final List<RunPlan.Run> runs;

    public Report(Path out, Mnist data, List<RunPlan.Run> runs) {
        this.out = out;
        this.data = data;
        this.runs = runs;
    }

    /** One model's runs under one recipe, over the seeds. */
    record ModelRuns(
            RunSpec spec,
            Recipe recipe,
            List<RunSummary> summaries,
            List<List<EpochResult>> metrics,
            RunDirectory firstSeed,
            List<List<EpochGradientFlow>> gradientFlow) {
        Stats finalAccuracy() {
            return Stats.of(
                    summaries.stream().mapToDouble(RunSummary::testAccuracy).toArray());
        }

        Stats bestAccuracy() {
            return Stats.of(
                    summaries.stream().mapToDouble(RunSummary::bestTestAccuracy).toArray());
        }

        double secondsPerEpoch() {
            return summaries.stream()
                    .mapToDouble(s -> s.trainSeconds() / s.epochs())
                    .average()
                    .orElse(0);
        }

        double msPerStep() {
            return summaries.stream()
                    .mapToDouble(RunSummary::msPerStep)
                    .average()
                    .orElse(0);
        }

        /** Per epoch, averaged over seeds. */
        double[] perEpoch(java.util.function.ToDoubleFunction<EpochResult> field) {
            int epochs = metrics.stream().mapToInt(List::size).min().orElse(0);
            double[] mean = new double[epochs];
            for (List<EpochResult> m : metrics) {
                for (int e = 0; e < epochs; e++) {
                    mean[e] += field.applyAsDouble(m.get(e)) / metrics.size();
                }
            }
            return mean;
        }
    }

    public void write(Provenance provenance) {
        try {
            List<ModelRuns> all = group();
            Recipe primary = primaryRecipe(all);
            List<ModelRuns> models =
                    all.stream().filter(m -> m.recipe() == primary).toList();
            boolean severalRecipes = models.size() < all.size();
            writeSummaryCsv();
            double[] epochs = new double[models.get(0).perEpoch(EpochResult::testAccuracy).length];
            for (int e = 0; e < epochs.length; e++) {
                epochs[e] = e + 1;
            }
            Map<String, double[]> acc = new LinkedHashMap<>();
            Map<String, double[]> loss = new LinkedHashMap<>();
            for (ModelRuns m : all) {
                String name = severalRecipes
                        ? m.spec().toString() + " (" + m.recipe() + ")"
                        : m.spec().toString();
                acc.put(name, scale(m.perEpoch(EpochResult::testAccuracy), 100));
                loss.put(name, m.perEpoch(EpochResult::trainLoss));
            }
            String seedsNote = models.get(0).summaries().size() > 1 ? " (mean over seeds)" : "";
            Charts.lines(
                    out.resolve("test-accuracy.png"),
                    "Test accuracy after each epoch" + seedsNote,
                    "epoch",
                    "test accuracy (%)",
                    epochs,
                    acc,
                    minOf(acc, 90),
                    100);
            Charts.lines(
                    out.resolve("train-loss.png"),
                    "Training loss per epoch" + seedsNote,
                    "epoch",
                    "cross-entropy loss",
                    epochs,
                    loss,
                    0,
                    maxOf(loss));
            if (severalRecipes) {
                recipeCharts(all, epochs, seedsNote);
            }

            int[] probes = probeImages();
            Map<RunSpec, ModelReading> readings = new LinkedHashMap<>();
            Map<RunSpec, GateReading> gateReadings = new LinkedHashMap<>();
            for (ModelRuns m : models) {
                SequenceLayout layout = m.firstSeed().readLayout();
                try (Model model = m.firstSeed().loadModel()) {
                    readings.put(m.spec(), ModelReading.of(model, data.test(), probes, layout));
                    if (model.getBlock() instanceof RecurrentClassifier) {
                        gateReadings.put(m.spec(), GateReading.of(model, data.test(), probes[0], layout));
                    }
                }
                Charts.confusion(
                        out.resolve("confusion-" + m.spec().folderName() + ".png"),
                        "Confusion matrix: " + m.spec().toString() + " (seed 0, test set)",
                        readings.get(m.spec()).confusion());
            }
            double[] rows = new double[Mnist.SEQUENCE_LENGTH];
            Map<String, double[]> afterRow = new LinkedHashMap<>();
            for (int t = 0; t < rows.length; t++) {
                rows[t] = t + 1;
            }
            readings.forEach((kind, r) -> afterRow.put(kind.toString(), scale(r.accuracyAfterRow(), 100)));
            Charts.lines(
                    out.resolve("accuracy-after-each-row.png"),
                    "Test accuracy when the model must answer after reading t rows",
                    "rows read (t)",
                    "test accuracy (%)",
                    rows,
                    afterRow,
                    0,
                    100);

            // the digits shown are seed 0's mistakes: of the model best on seed 0, whatever the mean says
            ModelRuns best = models.stream()
                    .max(Comparator.comparingDouble(m -> m.summaries().get(0).testAccuracy()))
                    .orElseThrow();
            ModelReading bestReading = readings.get(best.spec());
            int[] wrong = java.util.stream.IntStream.range(0, data.test().size())
                    .filter(i -> bestReading.predicted()[i] != data.test().label(i))
                    .limit(48)
                    .toArray();
            Charts.digitGrid(
                    out.resolve("misclassified-" + best.spec().folderName() + ".png"),
                    data.test(),
                    wrong,
                    bestReading.predicted(),
                    8);
            for (ModelRuns m : models) {
                if (!m.spec().model().isRecurrent()) {
                    continue;
                }
                ModelReading r = readings.get(m.spec());
                for (int p = 0; p < probes.length; p++) {
                    Charts.rowProbabilities(
                            out.resolve(probeFile(m.spec(), p)),
                            m.spec().toString() + ": test image " + probes[p] + " (a "
                                    + data.test().label(probes[p]) + "), row by row",
                            data.test(),
                            probes[p],
                            r.probabilities()[p]);
                }
            }
            String gateSection = new GateSection(out, data.test(), gateReadings, probes[0]).write();
            String gradientSection = new GradientFlowSection(out, all, models).write();
            String studySection = new GatesStudySection(all).markdown() + new LengthStudySection(out, all).write();
            RunDirectory.writeAtomically(
                    out.resolve("REPORT.md"),
                    new ReportText(models, all, readings, gateSection, best, wrong.length, probes, data, provenance)
                            .markdown(studySection, gradientSection, WallTimes.read(out)));
        } catch (IOException e) {
            throw new UserError(out + ": cannot write the report (" + e.getMessage() + ")");
        }
    }

    /**
     * The recipe whose runs the sections after the tables read (rows, gates, mistakes): the assignment's when it was
     * run, else the first.
     */
    static Recipe primaryRecipe(List<ModelRuns> all) {
        return all.stream().anyMatch(m -> m.recipe() == Recipe.ASSIGNMENT)
                ? Recipe.ASSIGNMENT
                : all.get(0).recipe();
    }

    static String recipeChartFile(RunSpec kind) {
        return "recipes-" + kind.folderName() + ".png";
    }

    /** Per model, the test accuracy after each epoch under each recipe. */
    private void recipeCharts(List<ModelRuns> all, double[] epochs, String seedsNote) throws IOException {
        Map<RunSpec, Map<String, double[]>> byModel = new LinkedHashMap<>();
        for (ModelRuns m : all) {
            byModel.computeIfAbsent(m.spec(), k -> new LinkedHashMap<>())
                    .put(m.recipe().cliName(), scale(m.perEpoch(EpochResult::testAccuracy), 100));
        }
        for (Map.Entry<RunSpec, Map<String, double[]>> e : byModel.entrySet()) {
            Charts.lines(
                    out.resolve(recipeChartFile(e.getKey())),
                    e.getKey().toString() + ": test accuracy after each epoch, by recipe" + seedsNote,
                    "epoch",
                    "test accuracy (%)",
                    epochs,
                    e.getValue(),
                    minOf(e.getValue(), 95),
                    100);
        }
    }

    static String probeFile(RunSpec spec, int probe) {
        return "rows-" + spec.folderName() + "-" + probe + ".png";
    }

    private int[] probeImages() {
        int[] probes = new int[PROBE_CLASSES.length];
        for (int p = 0; p < probes.length; p++) {
            int wanted = PROBE_CLASSES[p];
            probes[p] = java.util.stream.IntStream.range(0, data.test().size())
                    .filter(i -> data.test().label(i) == wanted)
                    .findFirst()
                    .orElse(p);
        }
        return probes;
    }

    private List<ModelRuns> group() {
        Map<List<Object>, List<RunPlan.Run>> byModel = runs.stream()
                .collect(Collectors.groupingBy(
                        r -> List.of(r.config().recipe(), r.spec()), LinkedHashMap::new, Collectors.toList()));
        List<ModelRuns> models = new ArrayList<>();
        byModel.forEach((key, list) -> models.add(new ModelRuns(
                list.get(0).spec(),
                list.get(0).config().recipe(),
                list.stream().map(r -> r.dir().readSummary()).toList(),
                list.stream().map(r -> r.dir().readMetrics()).toList(),
                list.get(0).dir(),
                // the seeds that measured it (all recurrent runs of this version)
                list.stream()
                        .map(r -> r.dir().readGradientFlow())
                        .filter(g -> !g.isEmpty())
                        .toList())));
        return models;
    }

    private void writeSummaryCsv() {
        StringBuilder csv = new StringBuilder(
                "model,recipe,seed,test_accuracy,best_test_accuracy," + "train_seconds,seconds_per_epoch,parameters\n");
        for (RunPlan.Run run : runs) {
            RunSummary s = run.dir().readSummary();
            csv.append(String.format(
                    Locale.ROOT,
                    "%s,%s,%d,%.4f,%.4f,%.1f,%.2f,%d%n",
                    csvField(run.spec().toString()),
                    run.config().recipe(),
                    s.seed(),
                    s.testAccuracy(),
                    s.bestTestAccuracy(),
                    s.trainSeconds(),
                    s.trainSeconds() / s.epochs(),
                    s.parameters()));
        }
        RunDirectory.writeAtomically(out.resolve("summary.csv"), csv.toString());
    }

    /** A spec such as {@code rnn:h=268,seq-len=784} holds commas: quoted, as CSV quotes such a field. */
    private static String csvField(String value) {
        return value.contains(",") ? '"' + value + '"' : value;
    }

    private static double[] scale(double[] v, double factor) {
        return java.util.Arrays.stream(v).map(x -> x * factor).toArray();
    }

    private static double minOf(Map<String, double[]> series, double floor) {
        double min = series.values().stream()
                .flatMapToDouble(java.util.Arrays::stream)
                .min()
                .orElse(floor);
        return Math.min(floor, Math.floor(min));
    }

    private static double maxOf(Map<String, double[]> series) {
        return series.values().stream()
                        .flatMapToDouble(java.util.Arrays::stream)
                        .max()
                        .orElse(1)
                * 1.05;
    }
}
