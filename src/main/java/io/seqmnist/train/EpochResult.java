package io.seqmnist.train;

/**
 * One row of metrics.csv. Epochs count from 1; accuracies are fractions in [0, 1].
 * {@code testAccuracy} and {@code testSeconds} are measured on the images the run holds out: the
 * test set, or the validation images of a run with {@code --validation}, where metrics.csv names
 * the columns {@code validation_accuracy} and {@code validation_seconds}.
 */
public record EpochResult(
        int epoch,
        double trainLoss,
        double trainAccuracy,
        double testAccuracy,
        double trainSeconds,
        double testSeconds) {

    public static final String CSV_HEADER = csvHeader("test");

    /** The header of metrics.csv for a run evaluated on the given split ("test", "validation"). */
    public static String csvHeader(String heldOut) {
        return "epoch,train_loss,train_accuracy," + heldOut + "_accuracy,train_seconds," + heldOut
                + "_seconds";
    }

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
