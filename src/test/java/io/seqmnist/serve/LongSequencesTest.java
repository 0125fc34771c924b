package io.seqmnist.serve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import com.google.gson.Gson;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.seqmnist.CliRun;
import io.seqmnist.TestData;
import io.seqmnist.data.Mnist;
import io.seqmnist.data.SequenceBatches;
import io.seqmnist.data.SequenceLayout;
import io.seqmnist.experiment.RunDirectory;
import io.seqmnist.experiment.RunSummary;
import io.seqmnist.model.Predictions;
import io.seqmnist.predict.Classifier;
import io.seqmnist.predict.DigitFiles;
import io.seqmnist.predict.DigitImage;
import io.seqmnist.train.TrainConfig;
import io.seqmnist.train.Training;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Long and permuted sequences end to end: a GRU trained at T = 112 (7 pixels a step) on permuted images, read back by
 * evaluate, predict and serve as it was trained, and refused by a command that names another T.
 */
class LongSequencesTest {

    @TempDir
    static Path tmp;

    static Path data;
    static Path run;

    @BeforeAll
    static void train() throws Exception {
        data = TestData.writeDataset(tmp.resolve("data"), 320, 100, true);
        run = tmp.resolve("gru-112-permuted");
        CliRun trained = CliRun.of(
                "train",
                "--model",
                "gru",
                "--hidden",
                "8",
                "--epochs",
                "1",
                "--seq-len",
                "112",
                "--permute",
                "3",
                "--data-dir",
                data.toString(),
                "--out",
                run.toString());
        assertEquals(0, trained.exitCode(), trained.err());
    }

    @Test
    void theRunRecordsItsLengthAndTheIndicesItPermutedBy() throws Exception {
        RunSummary summary = new RunDirectory(run).readSummary();
        assertEquals(112, summary.seqLen());
        assertEquals(3, summary.permute());
        assertEquals(112, summary.config().seqLen());
        int[] indices = indicesByHand();
        assertArrayEquals(SequenceLayout.permutation(3), indices);
        assertArrayEquals(
                IntStream.range(0, Mnist.PIXELS).toArray(),
                IntStream.of(indices).sorted().toArray());
        assertFalse(IntStream.range(0, Mnist.PIXELS).allMatch(i -> indices[i] == i), "not the identity");
        // the unit reads 7 pixels a step: its input weights are (3 gates x 8, 7)
        String shapes = Files.readString(run.resolve("summary.json"));
        assertTrue(shapes.contains("\"seq_len\": 112"), shapes);
        // its checkpoint is format 4, which a reader of format 3 (that would ignore seq_len) refuses
        byte[] checkpoint = Files.readAllBytes(run.resolve("checkpoint.bin"));
        int at = 2 + "seqmnist checkpoint".length();
        assertEquals(4, java.nio.ByteBuffer.wrap(checkpoint, at, 4).getInt());
        assertEquals(
                112,
                io.seqmnist.experiment.CheckpointFile.load(run.resolve("checkpoint.bin"))
                        .header()
                        .config()
                        .seqLen());
    }

    /** The permutation as the file holds it, read without the product's code. */
    static int[] indicesByHand() throws Exception {
        JsonObject json = JsonParser.parseString(Files.readString(run.resolve(RunDirectory.PERMUTATION)))
                .getAsJsonObject();
        return new Gson().fromJson(json.get("indices"), int[].class);
    }

    @Test
    void aDigitPermutedByHandGetsOnePredictionThroughEveryPath() throws Exception {
        Mnist mnist = Mnist.load("mnist", data);
        RunSummary summary = new RunDirectory(run).readSummary();
        TrainConfig config = summary.config();
        int[] indices = indicesByHand();
        int n = mnist.test().size();

        // by hand: the test digits permuted here, cut into 112 steps of 7, through the trained block
        int[] byHand = new int[n];
        int[] unpermuted = new int[n];
        try (Model model = new RunDirectory(run).loadModel();
                NDManager manager = model.getNDManager().newSubManager()) {
            ParameterStore parameters = new ParameterStore(manager, false);
            for (int i = 0; i < n; i++) {
                float[] digit = pixels(mnist.test(), i);
                float[] permuted = new float[Mnist.PIXELS];
                for (int p = 0; p < permuted.length; p++) {
                    permuted[p] = digit[indices[p]];
                }
                byHand[i] = argMax(model, parameters, manager.create(permuted, new Shape(1, 112, 7)));
                unpermuted[i] = argMax(model, parameters, manager.create(digit, new Shape(1, 112, 7)));
            }
            // training-time evaluation: the held-out images as Training builds them, its batches
            int[] training = Predictions.classes(
                    model.getBlock(),
                    manager,
                    SequenceBatches.inOrder(
                            manager, Training.heldOut(mnist, config), TrainConfig.EVAL_BATCH_SIZE, config.seqLen()));
            assertArrayEquals(byHand, training, "training-time evaluation");
            int correct = 0;
            for (int i = 0; i < n; i++) {
                correct += byHand[i] == mnist.test().label(i) ? 1 : 0;
            }
            assertEquals(summary.testAccuracy(), correct / (double) n, 1e-9, "metrics' test accuracy");
        }
        assertNotEquals(List.of(byHand), List.of(unpermuted), "the permutation matters to this model");

        // evaluate: the same accuracy, as its report says
        CliRun evaluate = CliRun.of("evaluate", "--model-dir", run.toString(), "--data-dir", data.toString());
        assertEquals(0, evaluate.exitCode(), evaluate.err());
        assertTrue(evaluate.out().contains("the same"), evaluate.out());
        try (Classifier classifier = Classifier.load(run)) {
            assertArrayEquals(byHand, classifier.predictedClasses(mnist.test()), "evaluate's classes");
        }

        // predict, on the digits exported as PNG files as they look (unpermuted); predict prepares a picture as
        // MNIST's digits were (centred by mass), so the digit permuted by hand is the prepared one
        Path digits = tmp.resolve("digits");
        int count = 12;
        DigitFiles.export(mnist.test(), count, digits);
        try (Model model = new RunDirectory(run).loadModel();
                NDManager manager = model.getNDManager().newSubManager()) {
            ParameterStore parameters = new ParameterStore(manager, false);
            for (int i = 0; i < count; i++) {
                Path file = digits.resolve(i + "-" + mnist.test().label(i) + ".png");
                float[] prepared = DigitImage.prepare(file);
                float[] permuted = new float[Mnist.PIXELS];
                for (int p = 0; p < permuted.length; p++) {
                    permuted[p] = prepared[indices[p]];
                }
                int expected = argMax(model, parameters, manager.create(permuted, new Shape(1, 112, 7)));
                CliRun predict = CliRun.of("predict", "--model-dir", run.toString(), file.toString());
                assertEquals(0, predict.exitCode(), predict.err());
                assertTrue(predict.out().startsWith(file + ": " + expected + " "), i + ": " + predict.out());
            }
        }

        // serve, the digits posted as 784 pixel values, as they look
        try (Classifier served = Classifier.load(run)) {
            WebServer server =
                    WebServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), List.of(served));
            try {
                HttpClient client = HttpClient.newHttpClient();
                for (int i = 0; i < count; i++) {
                    HttpResponse<String> response = client.send(
                            HttpRequest.newBuilder(URI.create(server.uri() + "api/predict"))
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString(
                                            new Gson().toJson(pixels(mnist.test(), i))))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
                    assertEquals(200, response.statusCode(), response.body());
                    JsonObject model = JsonParser.parseString(response.body())
                            .getAsJsonObject()
                            .getAsJsonArray("models")
                            .get(0)
                            .getAsJsonObject();
                    assertEquals(byHand[i], model.get("predicted").getAsInt(), "serve, digit " + i);
                    assertEquals(
                            112,
                            model.getAsJsonArray("probabilitiesAfterEachRow").size(),
                            "an answer per step");
                }
            } finally {
                server.close();
            }
        }
    }

    @Test
    void aModelTrainedAtOneLengthIsRefusedAtAnother() {
        String dir = run.toString();
        for (String[] args : List.of(
                new String[] {"evaluate", "--model-dir", dir, "--data-dir", data.toString(), "--seq-len", "28"},
                new String[] {"predict", "--model-dir", dir, "--seq-len", "784", "any.png"},
                new String[] {"serve", "--model-dir", dir, "--port", "0", "--seq-len", "56"},
                new String[] {"evaluate", "--model-dir", dir, "--data-dir", data.toString(), "--permute", "4"})) {
            String line = CliRun.of(args).userError();
            String option = args[args.length - 2].startsWith("--") ? args[args.length - 2] : args[args.length - 3];
            assertTrue(line.startsWith("seqmnist: " + option + " "), line);
            assertTrue(line.contains(dir), line);
        }
        // the run's own values are accepted
        CliRun same = CliRun.of(
                "evaluate", "--model-dir", dir, "--data-dir", data.toString(), "--seq-len", "112", "--permute", "3");
        assertEquals(0, same.exitCode(), same.err());
    }

    @Test
    void aLengthThatDoesNotDivide784IsOneLineNamingTheOptionAndWritesNothing() {
        Path out = tmp.resolve("never");
        String line = CliRun.of(
                        "train",
                        "--model",
                        "gru",
                        "--seq-len",
                        "100",
                        "--epochs",
                        "1",
                        "--data-dir",
                        data.toString(),
                        "--out",
                        out.toString())
                .userError();
        assertEquals(
                "seqmnist: --seq-len must divide 784 (1, 2, 4, 7, 8, 14, 16, 28, 49, 56, 98, 112, 196, 392, 784),"
                        + " got 100",
                line);
        assertFalse(Files.exists(out));
        assertTrue(CliRun.of("shapes", "--seq-len", "0", "--data-dir", data.toString())
                .userError()
                .startsWith("seqmnist: --seq-len must divide 784"));
        String spec = CliRun.of(
                        "train",
                        "--model",
                        "gru:seq-len=100",
                        "--epochs",
                        "1",
                        "--data-dir",
                        data.toString(),
                        "--out",
                        out.toString())
                .userError();
        assertTrue(spec.contains("seq-len must divide 784"), spec);
        assertTrue(spec.contains("gru:seq-len=100"), spec);
        assertFalse(Files.exists(out));
    }

    private static float[] pixels(Mnist.Split split, int index) {
        float[] p = new float[Mnist.PIXELS];
        for (int i = 0; i < p.length; i++) {
            p[i] = Byte.toUnsignedInt(split.pixels()[index * Mnist.PIXELS + i]) / 255f;
        }
        return p;
    }

    private static int argMax(Model model, ParameterStore parameters, NDArray x) {
        return (int) model.getBlock()
                .forward(parameters, new NDList(x), false)
                .head()
                .argMax(1)
                .getLong(0);
    }
}
