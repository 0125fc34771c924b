package io.seqmnist.report;

import io.seqmnist.experiment.RunPlan;
import io.seqmnist.experiment.RunSummary;
import io.seqmnist.train.EpochResult;
import io.seqmnist.train.TrainConfig;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One line per finished epoch on standard output: which run, how it does, how much of the plan is left and when it
 * ends. The console's side of what REPORT.md tells afterwards, shared by {@code compare} and {@code tune}.
 */
public final class CompareProgress implements RunPlan.Listener {

    private final int jobs;
    private final long start = System.nanoTime();
    private final Map<String, Integer> remaining = new HashMap<>(); // epochs left per model
    private final Map<String, double[]> seconds = new HashMap<>(); // model -> {sum, count}
    private int epochsLeft;
    private final int epochsTotal;
    private int kept;

    /** Progress of {@code plan}, run {@code jobs} at once (the estimate of the time left divides by it). */
    public CompareProgress(RunPlan plan, int jobs) {
        this.jobs = jobs;
        for (RunPlan.Run run : plan.runs()) {
            remaining.merge(run.spec().toString(), run.config().epochs(), Integer::sum);
            epochsLeft += run.config().epochs();
        }
        epochsTotal = epochsLeft;
    }

    /**
     * compare's first line: the models, seeds and recipes of the plan, the epochs of a run, the jobs at once and engine
     * threads of each, the output folder.
     */
    public static void announce(RunPlan plan, int jobs, Path out) {
        List<TrainConfig> configs =
                plan.runs().stream().map(RunPlan.Run::config).toList();
        List<String> models =
                plan.runs().stream().map(r -> r.spec().toString()).distinct().toList();
        List<String> recipes =
                configs.stream().map(c -> c.recipe().cliName()).distinct().toList();
        System.out.printf(
                "compare: %s x %d seed(s)%s, %d epochs each, %d job(s) at once, %d engine thread(s) each -> %s%n",
                String.join(", ", models),
                configs.stream().mapToInt(TrainConfig::seed).distinct().count(),
                recipes.equals(List.of("assignment")) ? "" : " x recipe " + String.join(", ", recipes),
                configs.get(0).epochs(),
                jobs,
                configs.get(0).threads(),
                out);
    }

    @Override
    public synchronized void started(RunPlan.Run run) {
        System.out.printf("[%s] %s: started%n", clock(), run.name());
    }

    @Override
    public synchronized void epochDone(RunPlan.Run run, EpochResult r) {
        String model = run.spec().toString();
        double[] s = seconds.computeIfAbsent(model, k -> new double[2]);
        s[0] += r.trainSeconds() + r.testSeconds();
        s[1]++;
        remaining.merge(model, -1, Integer::sum);
        epochsLeft--;
        System.out.printf(
                "[%s] %s epoch %d/%d: loss %.4f, %s %.2f%% (%.1f s) | %d/%d epochs done, %s%n",
                clock(),
                run.name(),
                r.epoch(),
                run.config().epochs(),
                r.trainLoss(),
                run.config().heldOutSplit(),
                100 * r.testAccuracy(),
                r.trainSeconds() + r.testSeconds(),
                epochsTotal - epochsLeft,
                epochsTotal,
                eta());
    }

    @Override
    public synchronized void finished(RunPlan.Run run, RunSummary summary, boolean reused) {
        String model = run.spec().toString();
        if (reused) {
            kept++;
            remaining.merge(model, -run.config().epochs(), Integer::sum);
            epochsLeft -= run.config().epochs();
        }
        System.out.printf(
                "[%s] %s: %s, %s accuracy %.2f%%%n",
                clock(),
                run.name(),
                reused ? "already complete, kept" : "finished",
                summary.heldOutSplit(),
                100 * summary.heldOutAccuracy());
    }

    @Override
    public synchronized void failed(RunPlan.Run run, String reason) {
        System.out.printf("[%s] %s: failed: %s%n", clock(), run.name(), reason);
    }

    /** Runs found complete and kept rather than trained. */
    public synchronized int keptRuns() {
        return kept;
    }

    /** Epochs left times each model's measured seconds per epoch (the overall mean if unmeasured). */
    private String eta() {
        double sum = 0;
        double n = 0;
        for (double[] s : seconds.values()) {
            sum += s[0];
            n += s[1];
        }
        double fallback = n > 0 ? sum / n : 0;
        double left = 0;
        for (Map.Entry<String, Integer> e : remaining.entrySet()) {
            double[] s = seconds.get(e.getKey());
            left += e.getValue() * (s != null && s[1] > 0 ? s[0] / s[1] : fallback);
        }
        left /= jobs;
        return String.format("about %d min %02d s left", (long) left / 60, (long) left % 60);
    }

    private String clock() {
        long s = (System.nanoTime() - start) / 1_000_000_000L;
        return String.format("%2d:%02d", s / 60, s % 60);
    }
}
