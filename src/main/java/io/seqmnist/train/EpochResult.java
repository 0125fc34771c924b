package io.seqmnist.train;

/** One row of metrics.csv. Epochs count from 1; accuracies are fractions in [0, 1]. */
public record EpochResult(
        int epoch,
        double trainLoss,
        double trainAccuracy,
        double testAccuracy,
        double trainSeconds,
        double testSeconds) {

    public static final String CSV_HEADER =
            "epoch,train_loss,train_accuracy,test_accuracy,train_seconds,test_seconds";

    public String toCsv() {
        return String.format(
                java.util.Locale.ROOT,
                "%d,%.6f,%.6f,%.6f,%.3f,%.3f",
                epoch, trainLoss, trainAccuracy, testAccuracy, trainSeconds, testSeconds);
    }

    public static EpochResult fromCsv(String line) {
        String[] f = line.split(",");
        return new EpochResult(
                Integer.parseInt(f[0]),
                Double.parseDouble(f[1]),
                Double.parseDouble(f[2]),
                Double.parseDouble(f[3]),
                Double.parseDouble(f[4]),
                Double.parseDouble(f[5]));
    }
}
