package io.seqmnist.cli;

import io.seqmnist.predict.Classifier;
import io.seqmnist.predict.TestSetReport;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** A saved model on the whole test set: accuracy, per-class accuracy, confusion matrix. */
@Command(
        name = "evaluate",
        mixinStandardHelpOptions = true,
        description = "Run a trained model over the whole test set: accuracy, per-class accuracy, confusion matrix.")
public final class EvaluateCommand implements Callable<Integer> {

    @Option(names = "--model-dir", required = true, description = "run folder written by train")
    Path modelDir;

    @Mixin
    DataOptions data;

    @Mixin
    EngineOptions engine;

    @Mixin
    SequenceOptions sequence;

    @Override
    public Integer call() {
        int threads = engine.apply();
        try (Classifier classifier = Classifier.load(modelDir)) {
            sequence.requireMatches(classifier.layout(), modelDir);
            System.out.print(TestSetReport.of(classifier, data.load(), threads));
        }
        return 0;
    }
}
