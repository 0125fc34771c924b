package io.seqmnist.experiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.loss.Loss;
import io.seqmnist.UserError;
import io.seqmnist.data.Mnist;
import io.seqmnist.data.SequenceBatches;
import io.seqmnist.model.GradientFlow;
import io.seqmnist.model.ModelKind;
import io.seqmnist.model.RecurrentClassifier;
import io.seqmnist.train.EpochResult;
import io.seqmnist.train.TrainConfig;
import io.seqmnist.train.Training;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * gradient-flow.csv in a run folder (issue 28 item 2): written after every epoch of a recurrent run, the measure of the
 * parameters of that epoch on the first held-out images; measuring changes nothing of the training; a resumed run
 * writes the same file as an uninterrupted one; a feed-forward run writes none.
 */
class GradientFlowRunTest {

    private static final Mnist DATA = RunFixtures.smallMnist(640, 120);

    @TempDir
    Path tmp;

    private static TrainConfig config(String model, int epochs) {
        return RunFixtures.config(ModelKind.parse(model), epochs, 32, 16, 0.003f);
    }

    @Test
    void measuringChangesNeitherTheMetricsNorTheParameters() {
        TrainConfig config = config("rnn", 2);
        RunDirectory dir = new RunDirectory(tmp.resolve("measured"));
        TrainRun.run(DATA, config, dir, RunFixtures.QUIET);
        assertEquals(2, dir.readGradientFlow().size());

        try (Model alone = Model.newInstance("alone");
                Model measured = dir.loadModel()) {
            alone.setBlock(config.model().create(config.hiddenSize()));
            List<EpochResult> results = new Training(DATA, config, RunFixtures.QUIET)
                    .train(alone, Loss.softmaxCrossEntropyLoss(), config.epochs());
            assertEquals(withoutTimes(results), withoutTimes(dir.readMetrics()));
            List<Parameter> expected =
                    List.copyOf(alone.getBlock().getParameters().values());
            List<Parameter> actual =
                    List.copyOf(measured.getBlock().getParameters().values());
            for (int i = 0; i < expected.size(); i++) {
                assertArrayEquals(
                        expected.get(i).getArray().toFloatArray(),
                        actual.get(i).getArray().toFloatArray(),
                        expected.get(i).getName());
            }
        }
    }

    @Test
    void eachEpochsRowsMeasureThatEpochsParametersOnTheHeldOutImages() throws Exception {
        RunDirectory dir = new RunDirectory(tmp.resolve("lstm"));
        TrainRun.run(DATA, config("lstm", 2), dir, RunFixtures.QUIET);

        List<String> lines = Files.readAllLines(dir.path().resolve(RunDirectory.GRADIENT_FLOW));
        assertEquals(RunDirectory.GRADIENT_FLOW_HEADER, lines.get(0));
        assertEquals(1 + 2 * Mnist.SEQUENCE_LENGTH, lines.size());
        assertTrue(
                lines.get(1).startsWith("1,1,") && lines.get(lines.size() - 1).startsWith("2,28,"));
        List<EpochGradientFlow> epochs = dir.readGradientFlow();
        assertEquals(
                List.of(1, 2), epochs.stream().map(EpochGradientFlow::epoch).toList());
        assertNotNull(epochs.get(0).gradC());
        assertFalse(epochs.get(0).gradH()[0] == epochs.get(1).gradH()[0], "epoch 2 measures other parameters");

        // the last epoch's parameters are the saved model's; the test set has 120 images, fewer than 1,000
        try (Model model = dir.loadModel();
                NDManager manager = model.getNDManager().newSubManager()) {
            GradientFlow.Norms expected = GradientFlow.measure(
                    (RecurrentClassifier) model.getBlock(),
                    SequenceBatches.images(manager, DATA.test()),
                    SequenceBatches.labels(manager, DATA.test()));
            assertClose(expected.h(), epochs.get(1).gradH());
            assertClose(expected.c(), epochs.get(1).gradC());
        }
    }

    @Test
    void aResumedRunWritesTheFileOfAnUninterruptedOne() throws Exception {
        TrainConfig config = config("gru", 3);
        RunDirectory reference = new RunDirectory(tmp.resolve("reference"));
        TrainRun.run(DATA, config, reference, RunFixtures.QUIET);

        RunDirectory dir = new RunDirectory(tmp.resolve("stopped"));
        Training.Observer stopAfterEpoch1 = new Training.Observer() {
            @Override
            public void onEpoch(EpochResult result, Model model) {
                throw new IllegalStateException("stopped");
            }
        };
        assertThrows(IllegalStateException.class, () -> TrainRun.run(DATA, config, dir, stopAfterEpoch1));
        // as if killed after epoch 2's rows were written and before its checkpoint was
        Path file = dir.path().resolve(RunDirectory.GRADIENT_FLOW);
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        lines.add("2,1,1.0e+00,");
        Files.write(file, lines);

        TrainRun.run(DATA, config, dir, RunFixtures.QUIET);
        assertEquals(Files.readString(reference.path().resolve(RunDirectory.GRADIENT_FLOW)), Files.readString(file));
        assertNull(dir.readGradientFlow().get(0).gradC(), "a GRU has no cell state");
    }

    @Test
    void aFeedForwardRunWritesNone() {
        RunDirectory dir = new RunDirectory(tmp.resolve("fnn"));
        TrainRun.run(DATA, config("fnn", 1), dir, RunFixtures.QUIET);
        assertTrue(Files.exists(dir.path().resolve(RunDirectory.METRICS)));
        assertFalse(Files.exists(dir.path().resolve(RunDirectory.GRADIENT_FLOW)));
        assertEquals(List.of(), dir.readGradientFlow());
    }

    /** As metrics.csv keeps them, without the times. */
    @Test
    void rowsWithoutACheckpointDoNotBlockANewRunAndForceRemovesThem() throws Exception {
        RunDirectory dir = new RunDirectory(tmp.resolve("left"));
        dir.create();
        // a run killed after its first epoch's rows were written, before its first checkpoint
        Files.writeString(dir.path().resolve(RunDirectory.GRADIENT_FLOW), "epoch,step,grad_h,grad_c\n1,1,2.0e+00,\n");
        TrainRun.Options refuse = new TrainRun.Options(TrainRun.IfExists.REFUSE, null);
        TrainRun.run(DATA, config("rnn", 1), dir, RunFixtures.QUIET, refuse);
        assertEquals(Mnist.SEQUENCE_LENGTH, dir.readGradientFlow().get(0).gradH().length);

        TrainRun.Options replace = new TrainRun.Options(TrainRun.IfExists.REPLACE, null);
        TrainRun.run(DATA, config("fnn", 1), dir, RunFixtures.QUIET, replace);
        assertFalse(Files.exists(dir.path().resolve(RunDirectory.GRADIENT_FLOW)));
    }

    @Test
    void theReaderRefusesABrokenFile() throws Exception {
        RunDirectory dir = new RunDirectory(tmp.resolve("broken")).create();
        Path file = dir.path().resolve(RunDirectory.GRADIENT_FLOW);
        for (String broken : List.of(
                "epoch,step,grad_h\n1,1,1.0\n",
                "epoch,step,grad_h,grad_c\n1,1,1.0,\n1,3,1.0,\n",
                "epoch,step,grad_h,grad_c\n2,1,1.0,\n1,1,1.0,\n",
                "epoch,step,grad_h,grad_c\n1,1,x,\n")) {
            Files.writeString(file, broken);
            UserError e = assertThrows(UserError.class, dir::readGradientFlow, broken);
            assertTrue(e.getMessage().startsWith(file + ": cannot read the gradient flow"), e.getMessage());
        }
    }

    private static List<String> withoutTimes(List<EpochResult> results) {
        return results.stream()
                .map(r -> String.format(
                        Locale.ROOT,
                        "%d,%.6f,%.6f,%.6f",
                        r.epoch(),
                        r.trainLoss(),
                        r.trainAccuracy(),
                        r.testAccuracy()))
                .toList();
    }

    /** Within the 7 significant digits the file keeps. */
    private static void assertClose(double[] expected, double[] actual) {
        assertEquals(expected.length, actual.length);
        for (int t = 0; t < expected.length; t++) {
            assertEquals(expected[t], actual[t], 1e-6 * Math.abs(expected[t]), "step " + (t + 1));
        }
    }
}
