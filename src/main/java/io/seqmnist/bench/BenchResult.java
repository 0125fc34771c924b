package io.seqmnist.bench;

import java.util.List;
import java.util.Locale;

/** One model's row of bench.csv (the PyTorch side, bench/pytorch/bench.py, writes the same). */
public record BenchResult(
        String model,
        int batchSize,
        int threads,
        double msPerStepMedian,
        double msPerStepP10,
        double msPerStepP90,
        double evalImagesPerSecond,
        double peakRssMb,
        double outsideEngineShare) {

    public static final String CSV_HEADER =
            "model,batch_size,threads,ms_per_step_median,ms_per_step_p10,ms_per_step_p90,"
                    + "eval_images_per_second,peak_rss_mb,outside_engine_share";

    public String csvRow() {
        return String.format(
                Locale.ROOT,
                "%s,%d,%d,%.3f,%.3f,%.3f,%.0f,%.1f,%.4f",
                model,
                batchSize,
                threads,
                msPerStepMedian,
                msPerStepP10,
                msPerStepP90,
                evalImagesPerSecond,
                peakRssMb,
                outsideEngineShare);
    }

    public static BenchResult parse(String row) {
        String[] f = row.trim().split(",");
        if (f.length != 9) {
            throw new IllegalArgumentException("not a bench.csv row: " + row);
        }
        return new BenchResult(
                f[0],
                Integer.parseInt(f[1]),
                Integer.parseInt(f[2]),
                Double.parseDouble(f[3]),
                Double.parseDouble(f[4]),
                Double.parseDouble(f[5]),
                Double.parseDouble(f[6]),
                Double.parseDouble(f[7]),
                Double.parseDouble(f[8]));
    }

    /** The rows as bench.csv holds them, under {@link #CSV_HEADER}. */
    public static String csv(List<BenchResult> results) {
        StringBuilder csv = new StringBuilder(CSV_HEADER).append('\n');
        results.forEach(r -> csv.append(r.csvRow()).append('\n'));
        return csv.toString();
    }

    /** The rows as the table the command prints. */
    public static String table(List<BenchResult> results) {
        StringBuilder out = new StringBuilder(String.format(
                Locale.ROOT,
                "%-14s %5s %7s %9s %9s %9s %12s %9s %8s%n",
                "model",
                "batch",
                "threads",
                "ms/step",
                "p10",
                "p90",
                "eval img/s",
                "peak MB",
                "outside"));
        for (BenchResult r : results) {
            out.append(String.format(
                    Locale.ROOT,
                    "%-14s %5d %7d %9.2f %9.2f %9.2f %12.0f %9.0f %7.1f%%%n",
                    r.model,
                    r.batchSize,
                    r.threads,
                    r.msPerStepMedian,
                    r.msPerStepP10,
                    r.msPerStepP90,
                    r.evalImagesPerSecond,
                    r.peakRssMb,
                    100 * r.outsideEngineShare));
        }
        if (results.stream().anyMatch(r -> Double.isNaN(r.peakRssMb))) {
            out.append(String.format("peak memory: %s (Linux's /proc only)%n", ProcessMemory.NOT_AVAILABLE));
        }
        return out.toString();
    }
}
