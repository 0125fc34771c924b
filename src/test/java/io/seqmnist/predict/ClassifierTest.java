package io.seqmnist.predict;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.seqmnist.TestData;
import io.seqmnist.UserError;
import io.seqmnist.data.Mnist;
import io.seqmnist.experiment.RunDirectory;
import io.seqmnist.experiment.RunFixtures;
import io.seqmnist.experiment.TrainRun;
import io.seqmnist.model.ModelKind;
import io.seqmnist.model.RecurrentClassifier;
import io.seqmnist.model.UnitInternals;
import io.seqmnist.train.TrainConfig;
import io.seqmnist.train.Training;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The library call: load a run folder once, classify images; refuse broken run folders. */
class ClassifierTest {

    @TempDir
    static Path tmp;

    static final Map<ModelKind, Path> RUNS = new HashMap<>();
    /** Every model this process can build: fast-* only with the accelerator on (its own tests cover them). */
    static final List<ModelKind> KINDS = ModelKind.all().stream().toList();

    static Mnist data;

    /** One tiny run of every kind on a small random dataset: enough to have real parameters. */
    @BeforeAll
    static void trainEveryKind() throws IOException {
        Path dir = TestData.writeDataset(tmp.resolve("data"), 128, 50, false);
        data = Mnist.load("mnist", dir);
        for (ModelKind kind : KINDS) {
            TrainConfig config = RunFixtures.config(kind, 1, 64, 32, 1e-3f);
            Path run = tmp.resolve(kind.cliName());
            TrainRun.run(data, config, new RunDirectory(run), new Training.Observer() {});
            RUNS.put(kind, run);
        }
    }

    static float[] randomImage(long seed) {
        Random random = new Random(seed);
        float[] p = new float[784];
        for (int i = 0; i < p.length; i++) {
            p[i] = random.nextFloat();
        }
        return p;
    }

    @Test
    void predictionsAreProbabilitiesAndTheLastRowIsTheAnswer() {
        for (ModelKind kind : KINDS) {
            try (Classifier classifier = Classifier.load(RUNS.get(kind))) {
                assertEquals(kind.cliName() + " (" + kind.cliName() + ")", classifier.name());
                Prediction p = classifier.classify(randomImage(1));
                assertEquals(10, p.probabilities().length);
                assertEquals(1.0, sum(p.probabilities()), 1e-5);
                assertEquals(28, p.probabilitiesAfterEachRow().length);
                for (float[] row : p.probabilitiesAfterEachRow()) {
                    assertEquals(10, row.length);
                    assertEquals(1.0, sum(row), 1e-5);
                }
                assertArrayEquals(
                        p.probabilities(),
                        p.probabilitiesAfterEachRow()[27],
                        1e-5f,
                        kind + ": after row 28 is the answer");
                List<Integer> top = p.topClasses(3);
                assertEquals(3, top.size());
                assertEquals(p.predicted(), top.get(0));
                assertTrue(p.probability(top.get(0)) >= p.probability(top.get(1)));
                assertTrue(p.probability(top.get(1)) >= p.probability(top.get(2)));
                for (int c = 0; c < 10; c++) {
                    assertTrue(p.probability(p.predicted()) >= p.probability(c));
                }
                assertEquals(10, p.topClasses(99).size());
            }
        }
    }

    @Test
    void aBatchGivesWhatEachImageGivesAlone() {
        try (Classifier classifier = Classifier.load(RUNS.get(ModelKind.GRU))) {
            List<float[]> images = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                images.add(randomImage(10 + i));
            }
            List<Prediction> batch = classifier.classifyAll(images);
            assertEquals(5, batch.size());
            for (int i = 0; i < 5; i++) {
                Prediction alone = classifier.classify(images.get(i));
                assertEquals(alone.predicted(), batch.get(i).predicted());
                assertArrayEquals(alone.probabilities(), batch.get(i).probabilities(), 1e-5f);
                for (int t = 0; t < 28; t++) {
                    assertArrayEquals(
                            alone.probabilitiesAfterEachRow()[t], batch.get(i).probabilitiesAfterEachRow()[t], 1e-5f);
                }
            }
            for (int i = 0; i < 5; i++) {
                Map<String, float[]> alone = classifier.classify(images.get(i)).internalsAfterEachRow();
                Map<String, float[]> inBatch = batch.get(i).internalsAfterEachRow();
                assertEquals(alone.keySet(), inBatch.keySet());
                alone.forEach((name, series) -> assertArrayEquals(series, inBatch.get(name), 1e-5f, name));
            }
            assertTrue(classifier.classifyAll(List.of()).isEmpty());
            assertThrows(UserError.class, () -> classifier.classify(new float[10]));
        }
    }

    @Test
    void manyThreadsCanShareOneClassifier() throws Exception {
        try (Classifier classifier = Classifier.load(RUNS.get(ModelKind.RNN))) {
            List<float[]> images = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                images.add(randomImage(100 + i));
            }
            List<Prediction> alone = classifier.classifyAll(images);
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
            try {
                List<java.util.concurrent.Future<Prediction>> futures = new ArrayList<>();
                for (int round = 0; round < 4; round++) {
                    for (float[] image : images) {
                        futures.add(pool.submit(() -> classifier.classify(image)));
                    }
                }
                for (int i = 0; i < futures.size(); i++) {
                    Prediction p = futures.get(i).get();
                    assertArrayEquals(alone.get(i % 16).probabilities(), p.probabilities(), 1e-5f);
                }
            } finally {
                pool.shutdown();
            }
        }
    }

    @Test
    void aRecurrentRowIsWhatTheNetworkSaysAfterReadingOnlyThoseRows() {
        float[] image = randomImage(3);
        int t = 9;
        Path run = RUNS.get(ModelKind.LSTM);
        float[] expected;
        try (Model model = new RunDirectory(run).loadModel();
                NDManager manager = model.getNDManager().newSubManager()) {
            float[] firstRows = new float[t * 28];
            System.arraycopy(image, 0, firstRows, 0, firstRows.length);
            NDArray x = manager.create(firstRows, new Shape(1, t, 28));
            RecurrentClassifier block = (RecurrentClassifier) model.getBlock();
            expected = block.run(new ParameterStore(manager, false), x, false)
                    .logits()
                    .softmax(1)
                    .toFloatArray();
        }
        try (Classifier classifier = Classifier.load(run)) {
            Prediction p = classifier.classify(image);
            assertArrayEquals(expected, p.probabilitiesAfterEachRow()[t - 1], 1e-5f);
            assertNotEquals(p.probabilitiesAfterEachRow()[t - 1][0], p.probabilities()[0]);
        }
    }

    /** Each gate's mean over the units and ||h[t] - h[t-1]||, per row, as UnitInternals gives them. */
    @Test
    void internalsAreTheGatesAndTheStateChangeAfterEachRow() {
        float[] image = randomImage(5);
        for (ModelKind kind : KINDS) {
            try (Classifier classifier = Classifier.load(RUNS.get(kind));
                    Model model = new RunDirectory(RUNS.get(kind)).loadModel();
                    NDManager manager = model.getNDManager().newSubManager()) {
                Map<String, float[]> internals = classifier.classify(image).internalsAfterEachRow();
                if (!(model.getBlock() instanceof RecurrentClassifier block)) {
                    assertTrue(internals.isEmpty(), kind + " has no recurrence");
                    continue;
                }
                UnitInternals expected = UnitInternals.of(block, manager.create(image, new Shape(1, 28, 28)));
                List<String> names = new ArrayList<>(expected.gates());
                names.add(Classifier.STATE_CHANGE);
                assertEquals(names, List.copyOf(internals.keySet()), kind.cliName());
                for (String gate : expected.gates()) {
                    assertArrayEquals(expected.meanOverUnits(gate).toFloatArray(), internals.get(gate), 1e-6f);
                    for (float g : internals.get(gate)) {
                        assertTrue(g > 0 && g < 1, kind + " " + gate + " " + g);
                    }
                }
                assertArrayEquals(expected.stateChange().toFloatArray(), internals.get(Classifier.STATE_CHANGE), 1e-6f);
                assertEquals(28, internals.get(Classifier.STATE_CHANGE).length);
                assertTrue(internals.get(Classifier.STATE_CHANGE)[0] > 0, kind + ": row 1 moves the state");
            }
        }
    }

    @Test
    void theFeedForwardRowIsItsAnswerWithTheLaterRowsBlank() {
        float[] image = randomImage(4);
        int t = 12;
        float[] masked = new float[784];
        System.arraycopy(image, 0, masked, 0, t * 28);
        try (Classifier classifier = Classifier.load(RUNS.get(ModelKind.FNN))) {
            assertArrayEquals(
                    classifier.classify(masked).probabilities(),
                    classifier.classify(image).probabilitiesAfterEachRow()[t - 1],
                    1e-5f);
        }
    }

    @Test
    void predictedClassesMatchWhatTrainingMeasured() {
        for (ModelKind kind : List.of(ModelKind.RNN, ModelKind.FNN)) {
            try (Classifier classifier = Classifier.load(RUNS.get(kind))) {
                int[] predicted = classifier.predictedClasses(data.test());
                long correct = 0;
                for (int i = 0; i < predicted.length; i++) {
                    correct += predicted[i] == data.test().label(i) ? 1 : 0;
                }
                assertEquals(classifier.summary().testAccuracy(), (double) correct / predicted.length, 0.0);
            }
        }
    }

    @Test
    void paramsOfAnotherKindAreRefused() throws IOException {
        for (ModelKind trained : KINDS) {
            for (ModelKind claimed : ModelKind.all()) {
                if (trained == claimed || sameLayout(trained, claimed)) {
                    continue;
                }
                Path run = copyRun(trained, "as-" + claimed.cliName());
                rewriteSummary(
                        run, "\"model\": \"" + trained.cliName() + "\"", "\"model\": \"" + claimed.cliName() + "\"");
                UserError e = assertThrows(
                        UserError.class, () -> Classifier.load(run).close(), trained + " params claimed as " + claimed);
                assertTrue(e.getMessage().startsWith(run.toString()), e.getMessage());
                assertTrue(e.getMessage().contains(claimed.cliName()), e.getMessage());
            }
        }
        Path wrongHidden = copyRun(ModelKind.GRU, "hidden");
        rewriteSummary(wrongHidden, "\"hidden\": 32", "\"hidden\": 33");
        UserError e = assertThrows(UserError.class, () -> Classifier.load(wrongHidden));
        assertTrue(e.getMessage().contains("hidden size 33"), e.getMessage());
    }

    /**
     * scratch-rnn and fast-rnn are two implementations of the same Elman unit with the same parameters under the same
     * names, and so are scratch-gru and fast-gru of the GRU; DJL's file does not record the block class: each one's
     * parameters are a valid model of the other, computing the same function. The two recurrence ablations,
     * rnn-last-row and rnn-row-mean, hold the same two layers too; they differ in what the output layer reads, which no
     * parameter shows.
     */
    private static boolean sameLayout(ModelKind a, ModelKind b) {
        return List.of(
                        List.of("scratch-rnn", "fast-rnn"),
                        List.of("scratch-gru", "fast-gru"),
                        List.of("rnn-last-row", "rnn-row-mean"))
                .stream()
                .anyMatch(pair -> pair.contains(a.cliName()) && pair.contains(b.cliName()));
    }

    @Test
    void missingOrIncompleteRunFoldersAreRefused() throws IOException {
        assertRefused(tmp.resolve("nowhere"), "not found");
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        assertRefused(file, "not a folder");
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        assertRefused(empty, "summary.json");

        Path noParams = copyRun(ModelKind.GRU, "no-params");
        try (Stream<Path> files = Files.list(noParams)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".params")).toList()) {
                Files.delete(f);
            }
        }
        assertRefused(noParams, "no model parameters");

        Path truncated = copyRun(ModelKind.GRU, "truncated");
        Path params = truncated.resolve("model-0001.params");
        byte[] bytes = Files.readAllBytes(params);
        Files.write(params, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        assertRefused(truncated, "cannot load a gru model");

        Path badJson = copyRun(ModelKind.GRU, "bad-json");
        Files.writeString(badJson.resolve("summary.json"), "{ \"model\": ");
        assertRefused(badJson, "summary.json");

        Path unknown = copyRun(ModelKind.GRU, "unknown-kind");
        rewriteSummary(unknown, "\"model\": \"gru\"", "\"model\": \"transformer\"");
        assertRefused(unknown, "unknown model 'transformer'");
    }

    static void assertRefused(Path dir, String why) {
        UserError e = assertThrows(UserError.class, () -> Classifier.load(dir));
        assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(why), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), "one line: " + e.getMessage());
    }

    static Path copyRun(ModelKind kind, String name) throws IOException {
        Path to = Files.createDirectories(tmp.resolve(kind.cliName() + "-" + name));
        try (Stream<Path> files = Files.list(RUNS.get(kind))) {
            for (Path f : files.toList()) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
        return to;
    }

    static void rewriteSummary(Path run, String from, String to) throws IOException {
        Path summary = run.resolve("summary.json");
        String text = Files.readString(summary);
        assertTrue(text.contains(from), "summary.json holds " + from + ": " + text);
        Files.writeString(summary, text.replace(from, to));
    }

    static double sum(float[] values) {
        double s = 0;
        for (float v : values) {
            s += v;
        }
        return s;
    }
}
