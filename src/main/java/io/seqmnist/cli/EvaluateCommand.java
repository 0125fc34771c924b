package io.seqmnist.cli;

import io.seqmnist.train.Accuracy;

import io.seqmnist.data.Mnist;
import io.seqmnist.predict.Classifier;
import io.seqmnist.experiment.RunSummary;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** A saved model on the whole test set: accuracy, per-class accuracy, confusion matrix. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Run a trained model over the whole test set: accuracy, per-class accuracy, confusion matrix.")
public final class EvaluateCommand implements Callable<Integer> {

    private static final String[] FASHION = {"T-shirt/top", "Trouser", "Pullover", "Dress",
        "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"};

    @Option(names = "--model-dir", required = true, description = "run folder written by train")
    Path modelDir;

    @Mixin DataOptions data;
    @Mixin EngineOptions engine;

    @Override
    public Integer call() {
        int threads = engine.apply();
        try (Classifier classifier = Classifier.load(modelDir)) {
            RunSummary summary = classifier.summary();
            Mnist mnist = data.load();
            Mnist.Split test = mnist.test();
            int[] predicted = classifier.predictedClasses(test);
            int n = predicted.length;
            int[][] confusion = Accuracy.confusion(predicted, test.labels(), Mnist.CLASSES);
            long correct = 0;
            for (int c = 0; c < Mnist.CLASSES; c++) {
                correct += confusion[c][c];
            }
            double accuracy = (double) correct / n; // as Accuracy.of computes it

            System.out.printf("model %s: %s, trained on %s for %d epoch(s), seed %d%n",
                    classifier.name(), classifier.kind().description(), summary.dataset(),
                    summary.epochs(), summary.seed());
            System.out.printf("test set: %s, %d images%n", mnist.name(), n);
            System.out.printf("test accuracy: %.2f%% (%d of %d correct; %s)%n",
                    100 * accuracy, correct, n, accuracy);
            if (summary.validation() > 0) {
                System.out.printf("summary.json: trained with --validation %d, measured on those images,"
                        + " not the test set; not compared%n", summary.validation());
            } else if (!summary.dataset().equals(mnist.name())) {
                System.out.printf("summary.json: trained and measured on %s, not %s; not compared%n",
                        summary.dataset(), mnist.name());
            } else if (accuracy == summary.testAccuracy().doubleValue()) {
                System.out.printf("summary.json test_accuracy: %s, the same%n", summary.testAccuracy());
            } else {
                System.out.printf("summary.json test_accuracy: %s, DIFFERENT (trained with %d engine"
                        + " thread(s), evaluated with %d)%n", summary.testAccuracy(),
                        summary.threads(), threads);
            }
            System.out.println();
            System.out.println("per-class accuracy:");
            for (int c = 0; c < Mnist.CLASSES; c++) {
                int total = 0;
                for (int p = 0; p < Mnist.CLASSES; p++) {
                    total += confusion[c][p];
                }
                System.out.printf("  %d %-12s %6.2f%% (%d of %d)%n", c, className(mnist, c),
                        total == 0 ? 0 : 100.0 * confusion[c][c] / total, confusion[c][c], total);
            }
            System.out.println();
            System.out.println("confusion matrix (row: true class, column: predicted class):");
            StringBuilder header = new StringBuilder("  true\\pred");
            for (int p = 0; p < Mnist.CLASSES; p++) {
                header.append(String.format("%6d", p));
            }
            System.out.println(header);
            for (int c = 0; c < Mnist.CLASSES; c++) {
                StringBuilder row = new StringBuilder(String.format("  %9d", c));
                for (int p = 0; p < Mnist.CLASSES; p++) {
                    row.append(String.format("%6s", confusion[c][p] == 0 && c != p ? "." : confusion[c][p]));
                }
                System.out.println(row);
            }
        }
        return 0;
    }

    private static String className(Mnist mnist, int c) {
        return mnist.name().equals("fashion") ? FASHION[c] : "";
    }
}
