package io.seqmnist.report;

import ai.djl.engine.Engine;
import io.seqmnist.data.Mnist;
import io.seqmnist.experiment.RunSpec;
import io.seqmnist.experiment.RunSummary;
import io.seqmnist.experiment.WallTimes;
import io.seqmnist.train.LrSchedule;
import io.seqmnist.train.Recipe;
import io.seqmnist.train.TrainConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The Markdown of REPORT.md: every number in it is read from the runs it describes. */
final class ReportText {

    private static final int[] ROW_MARKS = {7, 14, 21, 24, 26, 28};

    private final List<Report.ModelRuns> models;
    private final List<Report.ModelRuns> all;
    private final Map<RunSpec, ModelReading> readings;
    private final String gateSection;
    private final Report.ModelRuns best;
    private final int wrongShown;
    private final int[] probes;
    private final Mnist data;
    private final Report.Provenance provenance;
    private final StringBuilder md = new StringBuilder();
    private List<WallTimes.Entry> wallTimes = List.of();

    /**
     * @param models the runs of the recipe the detailed sections read, one entry per model
     * @param all the runs of every recipe, one entry per recipe and model
     */
    ReportText(
            List<Report.ModelRuns> models,
            List<Report.ModelRuns> all,
            Map<RunSpec, ModelReading> readings,
            String gateSection,
            Report.ModelRuns best,
            int wrongShown,
            int[] probes,
            Mnist data,
            Report.Provenance provenance) {
        this.models = models;
        this.all = all;
        this.readings = readings;
        this.gateSection = gateSection;
        this.best = best;
        this.wrongShown = wrongShown;
        this.probes = probes;
        this.data = data;
        this.provenance = provenance;
    }

    /**
     * @param study a study's answers, put first (empty for none)
     * @param gradientFlow the section on gradient flow, after the gates (empty when no run measured it)
     * @param wallTimes every invocation's wall time in the folder (see {@link WallTimes}), this one's included
     */
    String markdown(String study, String gradientFlow, List<WallTimes.Entry> wallTimes) {
        this.wallTimes = wallTimes;
        int seeds = best.summaries().size();
        int epochs = best.summaries().get(0).epochs();
        line("# seqmnist report: %s read row by row", data.name().equals("mnist") ? "MNIST" : "Fashion-MNIST");
        line("");
        line(
                "Each 28 x 28 test image is a sequence of 28 rows x[1..28] (x[t] in R^28) with one label at the "
                        + "last step (many-to-one). Every model below was trained with the same `train()`: Adam, "
                        + "mini-batches of %d, cross-entropy, %d epoch%s, %d seed%s, hidden size %s; %s.",
                best.summaries().get(0).batchSize(),
                epochs,
                epochs == 1 ? "" : "s",
                seeds,
                seeds > 1 ? "s (0.." + (seeds - 1) + "; mean ± standard deviation)" : " (0)",
                hiddenSizes(),
                recipesInWords());
        line("");
        if (all.stream().flatMap(m -> m.summaries().stream()).anyMatch(r -> r.seqLen() != 28 || r.permute() != null)) {
            line("A run named with seq-len=T reads each image in T steps of 784/T consecutive pixels instead (with"
                    + " permute=S, after one fixed permutation of the pixels drawn from S); the charts after"
                    + " each row show such a run after the step that completes that many rows' worth of"
                    + " pixels.");
            line("");
        }
        md.append(study);
        verdict();
        table();
        if (recipes().size() > 1) {
            recipesSideBySide();
        }
        curves();
        if (recipes().size() > 1) {
            line(
                    "The sections below read the runs of the %s recipe (seed 0).",
                    models.get(0).recipe());
            line("");
        }
        reading();
        md.append(gateSection);
        md.append(gradientFlow);
        mistakes();
        provenance();
        return md.toString();
    }

    private void verdict() {
        line("## Result");
        line("");
        List<Verdict.Entry> entries = models.stream().map(ReportText::entry).toList();
        line(
                "%s%s.",
                recipes().size() > 1
                        ? "Under the " + models.get(0).recipe()
                                + " recipe (the table of recipes below has the others), "
                        : "",
                Verdict.headline(entries));
        line("");
        line("Ranking by final test accuracy: %s.", Verdict.ranking(entries));
        line("");
        if (seedsOf(models.get(0)) > 1) {
            line("%s", Verdict.rule());
        } else {
            line("One seed only: a model's final figure moves from seed to seed (the vanilla RNN's by 0.5-1 point),"
                    + " so no ranking is drawn; run `compare --seeds 3` to tell signal from noise.");
        }
        line("");
    }

    /** "150", or "150 (a model named with h=N has N)" when some runs set their own. */
    private String hiddenSizes() {
        int common = models.stream()
                .filter(m -> m.spec().settings().isEmpty())
                .map(m -> m.summaries().get(0).hidden())
                .findFirst()
                .orElse(best.summaries().get(0).hidden());
        boolean own = all.stream().anyMatch(m -> !m.spec().settings().isEmpty());
        return common + (own ? " (a model named with h=N has N)" : "");
    }

    /** A model's final test accuracy per seed, for the verdict. */
    static Verdict.Entry entry(Report.ModelRuns m) {
        return new Verdict.Entry(
                m.spec().toString(),
                m.summaries().stream().mapToDouble(RunSummary::testAccuracy).toArray());
    }

    private void table() {
        line(
                "| model | what it is | parameters | final test accuracy | best test accuracy | seconds per epoch | ms per step |");
        line("|---|---|---:|---:|---:|---:|---:|");
        for (Report.ModelRuns m : models) {
            line(
                    "| %s | %s | %,d | %s | %s | %.1f | %.2f |",
                    m.spec().toString(),
                    m.spec().model().description(),
                    m.summaries().get(0).parameters(),
                    m.finalAccuracy().percent(),
                    m.bestAccuracy().percent(),
                    m.secondsPerEpoch(),
                    m.msPerStep());
        }
        line("");
        line(
                "Seconds per epoch and ms per step are training time only (forward, loss, backward, Adam), "
                        + "measured while %d run%s shared the machine's cores, one engine thread each.",
                provenance.jobs(), provenance.jobs() > 1 ? "s" : "");
        line("");
    }

    private void curves() {
        line("## Learning curves");
        line("");
        line("![Test accuracy per epoch](test-accuracy.png)");
        line("");
        line("![Training loss per epoch](train-loss.png)");
        line("");
        if (recipes().size() > 1) {
            for (RunSpec kind : models.stream().map(Report.ModelRuns::spec).toList()) {
                line("![%s: test accuracy per epoch by recipe](%s)", kind.toString(), Report.recipeChartFile(kind));
                line("");
            }
        }
    }

    /** The recipes of the runs, in the order they were given. */
    private List<Recipe> recipes() {
        return all.stream().map(Report.ModelRuns::recipe).distinct().toList();
    }

    /** "the assignment recipe: learning rate 0.001, constant", one clause per recipe. */
    private String recipesInWords() {
        List<String> parts = new ArrayList<>();
        for (Recipe recipe : recipes()) {
            List<String> settings = all.stream()
                    .filter(m -> m.recipe() == recipe)
                    .map(m -> settings(m.summaries().get(0)))
                    .distinct()
                    .toList();
            // options such as --lr override single values of the named recipe: say so, not just its name
            boolean changed = all.stream()
                    .filter(m -> m.recipe() == recipe)
                    .anyMatch(m -> !asRecipeSays(
                            recipe.settings(m.spec().model()), m.summaries().get(0)));
            parts.add("the " + recipe + " recipe" + (changed ? " with options that change it" : "") + ": "
                    + (settings.size() == 1
                            ? settings.get(0)
                            : "its settings differ by model (see the table of recipes)"));
        }
        return String.join("; ", parts);
    }

    /** Whether a run trained with its recipe's own rate, schedule, clipping and weight decay. */
    private static boolean asRecipeSays(TrainConfig.Optimization recipe, RunSummary s) {
        return recipe.learningRate() == s.lr()
                && recipe.schedule().cliName().equals(s.lrSchedule())
                && recipe.clipNorm() == s.clipNorm()
                && recipe.weightDecay() == s.weightDecay();
    }

    /** A run's training settings in words. */
    static String settings(RunSummary s) {
        boolean constant = s.lrSchedule().equals(LrSchedule.CONSTANT.cliName());
        StringBuilder text = new StringBuilder(String.format(
                Locale.ROOT,
                "%slearning rate %s, %s",
                constant ? "" : "peak ",
                trim(s.lr()),
                constant ? "constant" : s.lrSchedule() + " schedule"));
        if (s.warmupEpochs() > 0) {
            text.append(String.format(Locale.ROOT, ", %s epochs of warm-up", trim((float) s.warmupEpochs())));
        }
        if (s.clipNorm() > 0) {
            text.append(", gradient-norm clipping at ").append(trim(s.clipNorm()));
        }
        if (s.weightDecay() > 0) {
            text.append(", weight decay ").append(trim(s.weightDecay()));
        }
        return text.toString();
    }

    /** Each model's final test accuracy under each recipe, and each recipe's settings. */
    private void recipesSideBySide() {
        List<Recipe> recipes = recipes();
        int seeds = best.summaries().size();
        line("## Recipes side by side");
        line("");
        line(
                "Final test accuracy per model and recipe, %s.",
                seeds > 1
                        ? "mean ± standard deviation (and median) over " + seeds + " seeds"
                        : "one seed (0): no spread can be given, and the vanilla RNN's figure moves by 0.5-1 point from seed to seed");
        line("");
        StringBuilder header = new StringBuilder("| model |");
        StringBuilder rule = new StringBuilder("|---|");
        for (Recipe r : recipes) {
            header.append(' ').append(r).append(seeds > 1 ? " (median) |" : " |");
            rule.append("---:|");
        }
        if (recipes.size() == 2) {
            header.append(" ")
                    .append(recipes.get(1))
                    .append(" − ")
                    .append(recipes.get(0))
                    .append(" |");
            rule.append("---:|");
        }
        line("%s", header);
        line("%s", rule);
        for (RunSpec kind : all.stream().map(Report.ModelRuns::spec).distinct().toList()) {
            StringBuilder row = new StringBuilder("| " + kind.toString() + " |");
            List<Stats> stats = new ArrayList<>();
            for (Recipe r : recipes) {
                Stats st = runsOf(kind, r).map(Report.ModelRuns::finalAccuracy).orElse(null);
                stats.add(st);
                row.append(
                        st == null
                                ? " |"
                                : seeds > 1
                                        ? String.format(Locale.ROOT, " %s (%.2f%%) |", st.percent(), 100 * st.median())
                                        : " " + st.percent() + " |");
            }
            if (recipes.size() == 2) {
                row.append(
                        stats.contains(null)
                                ? " |"
                                : String.format(
                                        Locale.ROOT,
                                        " %+.2f points |",
                                        100
                                                * (stats.get(1).mean()
                                                        - stats.get(0).mean())));
            }
            line("%s", row);
        }
        line("");
        line("| model | recipe | schedule | peak learning rate | warm-up (epochs) | clip-norm | weight decay |");
        line("|---|---|---|---:|---:|---:|---:|");
        for (Report.ModelRuns m : all) {
            RunSummary s = m.summaries().get(0);
            line(
                    "| %s | %s | %s | %s | %s | %s | %s |",
                    m.spec().toString(),
                    m.recipe(),
                    s.lrSchedule(),
                    trim(s.lr()),
                    trim((float) s.warmupEpochs()),
                    s.clipNorm() > 0 ? trim(s.clipNorm()) : "none",
                    s.weightDecay() > 0 ? trim(s.weightDecay()) : "none");
        }
        line("");
    }

    private java.util.Optional<Report.ModelRuns> runsOf(RunSpec spec, Recipe recipe) {
        return all.stream()
                .filter(m -> m.spec().equals(spec) && m.recipe() == recipe)
                .findFirst();
    }

    private void reading() {
        line("## How the networks read an image (Question 1, item 14)");
        line("");
        line("A recurrent model carries one hidden state h[t] from row to row. Applying its output layer to "
                + "h[t] instead of h[28] shows what it would answer after reading only the first t rows. "
                + "The feed-forward control has no h[t]; it is shown the image with rows t+1..28 blanked.");
        line("");
        line("![Accuracy after each row](accuracy-after-each-row.png)");
        line("");
        line("The output layer was trained on h[28] only, so this curve shows when the hidden state becomes "
                + "readable by that one layer, not merely when the information has arrived. Where a curve "
                + "dips below chance (10%%), the last rows still transform the state so much that the final "
                + "read-out maps the earlier state to a wrong class; a unit whose gates can hold its state "
                + "steady is readable earlier.");
        line("");
        StringBuilder header = new StringBuilder("| model |");
        StringBuilder rule = new StringBuilder("|---|");
        for (int t : ROW_MARKS) {
            header.append(" after ").append(t).append(" rows |");
            rule.append("---:|");
        }
        line("%s", header);
        line("%s", rule);
        readings.forEach((kind, r) -> {
            StringBuilder row = new StringBuilder("| " + kind.toString() + " |");
            for (int t : ROW_MARKS) {
                row.append(String.format(Locale.ROOT, " %.1f%% |", 100 * r.accuracyAfterRow()[t - 1]));
            }
            line("%s", row);
        });
        line("");
        line("Class probabilities row by row for a few test digits (the true class is the thick line; "
                + "the faint blue lines on the digit mark the rows, one per time step):");
        line("");
        for (Report.ModelRuns m : models) {
            if (!m.spec().model().isRecurrent()) {
                continue;
            }
            for (int p = 0; p < probes.length; p++) {
                line("![%s, test image %d](%s)", m.spec().toString(), probes[p], Report.probeFile(m.spec(), p));
                line("");
            }
        }
    }

    private void mistakes() {
        line("## Where they go wrong");
        line("");
        line("| model | errors on the test set | most frequent confusions (true → predicted: count) |");
        line("|---|---:|---|");
        readings.forEach((kind, r) -> {
            int errors = 0;
            List<int[]> pairs = new ArrayList<>();
            for (int t = 0; t < r.confusion().length; t++) {
                for (int p = 0; p < r.confusion().length; p++) {
                    if (t != p) {
                        errors += r.confusion()[t][p];
                        pairs.add(new int[] {t, p, r.confusion()[t][p]});
                    }
                }
            }
            pairs.sort((a, b) -> b[2] - a[2]);
            StringBuilder top = new StringBuilder();
            for (int i = 0; i < 3 && i < pairs.size(); i++) {
                top.append(i == 0 ? "" : ", ")
                        .append(pairs.get(i)[0])
                        .append(" → ")
                        .append(pairs.get(i)[1])
                        .append(": ")
                        .append(pairs.get(i)[2]);
            }
            line("| %s | %d of %d | %s |", kind.toString(), errors, data.test().size(), top);
        });
        line("");
        StringBuilder images = new StringBuilder();
        for (Report.ModelRuns m : models) {
            images.append(String.format(
                    "![Confusion matrix of %s](confusion-%s.png) ",
                    m.spec().toString(), m.spec().folderName()));
        }
        line("Confusion matrices (seed 0; rows: true class, columns: predicted class):");
        line("");
        line("%s", images.toString().trim());
        line("");
        line(
                "The first %d test digits that %s (the best model on seed 0) gets wrong:",
                wrongShown, best.spec().toString());
        line("");
        line(
                "![Misclassified by %s](misclassified-%s.png)",
                best.spec().toString(), best.spec().folderName());
        line("");
    }

    private void provenance() {
        line("## How this report was produced");
        line("");
        line("```");
        line("%s", provenance.command());
        line("```");
        line("");
        line("- date: %s", ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        int runs = all.stream().mapToInt(m -> m.summaries().size()).sum();
        if (Double.isNaN(provenance.wallSeconds())) { // a plan's tasks, trained wherever a scheduler put them
            line(
                    "- %d runs trained as the tasks of a plan, each in a process of its own with %d engine thread%s;"
                            + " this report was made from their folders",
                    runs, provenance.threads(), provenance.threads() > 1 ? "s" : "");
        } else if (wallTimes.size() > 1 || (wallTimes.size() == 1 && provenance.keptRuns() == runs)) {
            double total =
                    wallTimes.stream().mapToDouble(WallTimes.Entry::wallSeconds).sum();
            int trained =
                    wallTimes.stream().mapToInt(WallTimes.Entry::runsTrained).sum();
            line(
                    "- wall time: %.1f minutes in all to train %d run%s, over %d invocation%s of the command into"
                            + " this folder (%s: %s); this one trained %d and took %.1f minutes",
                    total / 60,
                    trained,
                    trained > 1 ? "s" : "",
                    wallTimes.size(),
                    wallTimes.size() > 1 ? "s" : "",
                    WallTimes.FILE,
                    String.join(
                            ", ",
                            wallTimes.stream()
                                    .map(w -> String.format(
                                            Locale.ROOT,
                                            "%d run%s in %.1f min with %d job%s",
                                            w.runsTrained(),
                                            w.runsTrained() > 1 ? "s" : "",
                                            w.wallSeconds() / 60,
                                            w.jobs(),
                                            w.jobs() > 1 ? "s" : ""))
                                    .toList()),
                    runs - provenance.keptRuns(),
                    provenance.wallSeconds() / 60);
        } else {
            line(
                    "- wall time: %.1f minutes for the %d of %d runs this command trained (%d kept from an earlier "
                            + "compare into the same folder), %d job%s at once, %d engine thread%s per job",
                    provenance.wallSeconds() / 60,
                    runs - provenance.keptRuns(),
                    runs,
                    provenance.keptRuns(),
                    provenance.jobs(),
                    provenance.jobs() > 1 ? "s" : "",
                    provenance.threads(),
                    provenance.threads() > 1 ? "s" : "");
        }
        line(
                "- DJL %s, PyTorch engine %s (CPU), Java %s",
                Engine.getDjlVersion(), Engine.getEngine("PyTorch").getVersion(), System.getProperty("java.version"));
        for (String setting : provenance.engineSetup()) {
            line("- %s", setting);
        }
        line("- machine: %d cores, %s", Runtime.getRuntime().availableProcessors(), cpuName());
        line("- runs: `runs/<model>-seed<k>/` (metrics.csv per epoch, summary.json, the model); "
                + "`summary.csv` has one row per run");
        line("- seeds: 0..%d; the same seed and thread count give the same numbers", seedsOf(best) - 1);
        line("");
    }

    private static int seedsOf(Report.ModelRuns m) {
        return m.summaries().size();
    }

    private static String cpuName() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(l -> l.startsWith("model name"))
                    .findFirst()
                    .map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .orElse("unknown CPU");
        } catch (IOException e) {
            return "unknown CPU";
        }
    }

    private static String trim(float f) {
        return new java.math.BigDecimal(Float.toString(f)).stripTrailingZeros().toPlainString();
    }

    private void line(String format, Object... args) {
        md.append(String.format(Locale.ROOT, format, args)).append('\n');
    }
}
