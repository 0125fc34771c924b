package io.seqmnist.cli;

import io.seqmnist.UserError;
import io.seqmnist.predict.Classifier;
import io.seqmnist.predict.DigitImage;
import io.seqmnist.predict.Prediction;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Question 1 item 6: classify new images with a trained model. */
@Command(
        name = "predict",
        mixinStandardHelpOptions = true,
        description = "Classify image files (PNG, JPEG, BMP, GIF) with a trained model: predicted class and top 3.")
public final class PredictCommand implements Callable<Integer> {

    @Option(names = "--model-dir", required = true, description = "run folder written by train")
    Path modelDir;

    @Option(names = "--show", description = "also print each prepared 28 x 28 image as text rows")
    boolean show;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "image files")
    List<Path> files;

    @Mixin
    EngineOptions engine;

    @Mixin
    SequenceOptions sequence;

    @Override
    public Integer call() {
        engine.apply();
        int failed = 0;
        try (Classifier classifier = Classifier.load(modelDir)) {
            sequence.requireMatches(classifier.layout(), modelDir);
            for (Path file : files) {
                try {
                    classify(classifier, file);
                } catch (UserError e) {
                    // one bad file does not stop the others
                    System.out.flush();
                    System.err.println("seqmnist: " + e.getMessage());
                    failed++;
                }
            }
        }
        return failed == 0 ? 0 : UserError.EXIT_CODE;
    }

    private void classify(Classifier classifier, Path file) {
        float[] pixels = DigitImage.prepare(file);
        Prediction p = classifier.classify(pixels);
        System.out.printf("%s: %d   top 3: %s%n", file, p.predicted(), p.describeTop(3));
        if (show) {
            System.out.print(DigitImage.render(pixels));
        }
    }
}
