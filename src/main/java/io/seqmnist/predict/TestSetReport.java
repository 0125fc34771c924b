package io.seqmnist.predict;

import io.seqmnist.data.Mnist;
import io.seqmnist.experiment.RunSummary;

/**
 * A saved model on a whole test set as {@code evaluate} prints it: accuracy (compared with the one its run recorded),
 * per-class accuracy and the confusion matrix. Here rather than in the command so that the text is the library's,
 * computed the way training measured accuracy.
 */
public final class TestSetReport {

    private static final String[] FASHION = {
        "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"
    };

    private TestSetReport() {}

    /**
     * The report of {@code classifier} on {@code mnist}'s test set, evaluated with {@code threads} engine threads
     * (named when the accuracy differs from the recorded one).
     */
    public static String of(Classifier classifier, Mnist mnist, int threads) {
        RunSummary summary = classifier.summary();
        Mnist.Split test = mnist.test();
        int[] predicted = classifier.predictedClasses(test);
        int n = predicted.length;
        int[][] confusion = test.confusion(predicted);
        long correct = 0;
        for (int c = 0; c < Mnist.CLASSES; c++) {
            correct += confusion[c][c];
        }
        double accuracy = (double) correct / n; // as Accuracy.of computes it

        StringBuilder out = new StringBuilder();
        out.append(String.format(
                "model %s: %s, trained on %s for %d epoch(s), seed %d%n",
                classifier.name(),
                classifier.kind().description(),
                summary.dataset(),
                summary.epochs(),
                summary.seed()));
        out.append(String.format("test set: %s, %d images%n", mnist.name(), n));
        out.append(
                String.format("test accuracy: %.2f%% (%d of %d correct; %s)%n", 100 * accuracy, correct, n, accuracy));
        out.append(comparison(summary, mnist.name(), accuracy, threads));
        out.append(String.format("%nper-class accuracy:%n"));
        for (int c = 0; c < Mnist.CLASSES; c++) {
            int total = 0;
            for (int p = 0; p < Mnist.CLASSES; p++) {
                total += confusion[c][p];
            }
            out.append(String.format(
                    "  %d %-12s %6.2f%% (%d of %d)%n",
                    c, className(mnist, c), total == 0 ? 0 : 100.0 * confusion[c][c] / total, confusion[c][c], total));
        }
        out.append(String.format("%nconfusion matrix (row: true class, column: predicted class):%n"));
        out.append("  true\\pred");
        for (int p = 0; p < Mnist.CLASSES; p++) {
            out.append(String.format("%6d", p));
        }
        out.append(System.lineSeparator());
        for (int c = 0; c < Mnist.CLASSES; c++) {
            out.append(String.format("  %9d", c));
            for (int p = 0; p < Mnist.CLASSES; p++) {
                out.append(String.format("%6s", confusion[c][p] == 0 && c != p ? "." : confusion[c][p]));
            }
            out.append(System.lineSeparator());
        }
        return out.toString();
    }

    /** The line comparing the accuracy with summary.json's, or saying why they are not compared. */
    private static String comparison(RunSummary summary, String dataset, double accuracy, int threads) {
        if (summary.validation() > 0) {
            return String.format(
                    "summary.json: trained with --validation %d, measured on those images,"
                            + " not the test set; not compared%n",
                    summary.validation());
        } else if (!summary.dataset().equals(dataset)) {
            return String.format(
                    "summary.json: trained and measured on %s, not %s; not compared%n", summary.dataset(), dataset);
        } else if (accuracy == summary.testAccuracy().doubleValue()) {
            return String.format("summary.json test_accuracy: %s, the same%n", summary.testAccuracy());
        }
        return String.format(
                "summary.json test_accuracy: %s, DIFFERENT (trained with %d engine"
                        + " thread(s), evaluated with %d)%n",
                summary.testAccuracy(), summary.threads(), threads);
    }

    private static String className(Mnist mnist, int c) {
        return mnist.name().equals("fashion") ? FASHION[c] : "";
    }
}
