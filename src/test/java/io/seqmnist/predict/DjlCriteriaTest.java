package io.seqmnist.predict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.inference.Predictor;
import ai.djl.modality.Classifications;
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.ImageFactory;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.seqmnist.CliRun;
import io.seqmnist.UserError;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run folder loads the way any DJL program loads a model (Criteria, ZooModel, Predictor), and answers as
 * {@code predict} did before it loaded models that way: src/test/resources/predict-fixture holds what predict answered
 * then (README.txt there). README's "Use a trained model from Java" runs here as it is written.
 */
class DjlCriteriaTest {

    private static final List<String> RUNS = List.of("rnn-h20", "gru-h24", "lstm-h16");
    private static final List<String> DIGITS = List.of("0-7.png", "1-2.png", "2-1.png", "3-0.png");
    private static final double TOLERANCE = 1e-6;

    static Path fixture;
    static JsonObject expected;

    @BeforeAll
    static void readFixture() throws Exception {
        fixture = Path.of(DjlCriteriaTest.class.getResource("/predict-fixture").toURI());
        expected = JsonParser.parseString(Files.readString(fixture.resolve("predictions.json")))
                .getAsJsonObject();
    }

    static float[] expectedProbabilities(String run, String digit) {
        var array = expected.getAsJsonObject(run).getAsJsonObject(digit).getAsJsonArray("probabilities");
        float[] p = new float[array.size()];
        for (int i = 0; i < p.length; i++) {
            p[i] = array.get(i).getAsFloat();
        }
        return p;
    }

    static int expectedClass(String run, String digit) {
        return expected.getAsJsonObject(run)
                .getAsJsonObject(digit)
                .get("predicted")
                .getAsInt();
    }

    static void assertMatches(String run, String digit, Classifications answer) {
        float[] want = expectedProbabilities(run, digit);
        assertEquals(10, answer.getClassNames().size(), run + " " + digit);
        for (int c = 0; c < 10; c++) {
            double got = answer.get(String.valueOf(c)).getProbability();
            assertEquals(want[c], got, TOLERANCE, run + " " + digit + ": class " + c);
        }
        assertEquals(String.valueOf(expectedClass(run, digit)), answer.best().getClassName(), run + " " + digit);
    }

    @Test
    void everyRunFolderLoadsThroughCriteriaAndAnswersAsPredictDid() throws Exception {
        for (String run : RUNS) {
            Criteria<Image, Classifications> criteria = Criteria.builder()
                    .setTypes(Image.class, Classifications.class)
                    .optModelPath(fixture.resolve(run))
                    .optModelName("model")
                    .optArgument("blockFactory", new RunFolderBlockFactory())
                    .optTranslatorFactory(new DigitTranslatorFactory())
                    .build();
            try (ZooModel<Image, Classifications> model = criteria.loadModel();
                    Predictor<Image, Classifications> predictor = model.newPredictor()) {
                List<Image> images = new ArrayList<>();
                for (String digit : DIGITS) {
                    Image image = ImageFactory.getInstance()
                            .fromFile(fixture.resolve("digits").resolve(digit));
                    assertMatches(run, digit, predictor.predict(image));
                    images.add(image);
                }
                List<Classifications> batch = predictor.batchPredict(images); // one (4, 28, 28) pass
                for (int i = 0; i < DIGITS.size(); i++) {
                    assertMatches(run, DIGITS.get(i), batch.get(i));
                }
            }
        }
    }

    @Test
    void pixelsInRowsGiveWhatTheSamePreparedImageGives() throws Exception {
        String run = "gru-h24";
        Criteria<float[][], Classifications> criteria = Criteria.builder()
                .setTypes(float[][].class, Classifications.class)
                .optModelPath(fixture.resolve(run))
                .optModelName("model")
                .optArgument("blockFactory", new RunFolderBlockFactory())
                .optTranslatorFactory(new DigitTranslatorFactory())
                .build();
        try (ZooModel<float[][], Classifications> model = criteria.loadModel();
                Predictor<float[][], Classifications> predictor = model.newPredictor()) {
            for (String digit : DIGITS) {
                float[] flat = DigitImage.prepare(fixture.resolve("digits").resolve(digit));
                float[][] rows = new float[28][28];
                for (int r = 0; r < 28; r++) {
                    System.arraycopy(flat, r * 28, rows[r], 0, 28);
                }
                assertMatches(run, digit, predictor.predict(rows));
            }
        }
    }

    @Test
    void predictPrintsWhatItPrintedBefore() throws Exception {
        List<String> lines = new ArrayList<>();
        for (String run : RUNS) {
            List<String> args = new ArrayList<>(
                    List.of("predict", "--model-dir", fixture.resolve(run).toString()));
            for (String digit : DIGITS) {
                args.add(fixture.resolve("digits").resolve(digit).toString());
            }
            CliRun result = CliRun.of(args.toArray(String[]::new));
            assertEquals(0, result.exitCode(), result.err());
            for (String line : result.outLines()) {
                lines.add(line.substring(line.indexOf("digits")).replace('\\', '/'));
            }
        }
        assertEquals(Files.readAllLines(fixture.resolve("predict-output.txt")), lines);
    }

    /**
     * DJL matches parameters by name only, and an LSTM's load silently into a GRU block of the same hidden size: the
     * translator factory refuses such a folder, through Criteria as through predict, naming the parameter.
     */
    @Test
    void parametersOfAnotherShapeAreRefusedWhenTheyLoad(@TempDir Path tmp) throws Exception {
        Path run = tmp.resolve("lstm-as-gru");
        Files.createDirectories(run);
        for (String file : List.of("summary.json", "model-0003.params")) {
            Files.copy(fixture.resolve("lstm-h16").resolve(file), run.resolve(file));
        }
        Path summary = run.resolve("summary.json");
        Files.writeString(summary, Files.readString(summary).replace("\"model\": \"lstm\"", "\"model\": \"gru\""));
        Criteria<Image, Classifications> criteria = Criteria.builder()
                .setTypes(Image.class, Classifications.class)
                .optModelPath(run)
                .optModelName("model")
                .optArgument("blockFactory", new RunFolderBlockFactory())
                .optTranslatorFactory(new DigitTranslatorFactory())
                .build();
        UserError e = assertThrows(UserError.class, criteria::loadModel);
        assertTrue(
                e.getMessage().contains("but a gru model with hidden size 16 (as summary.json claims) needs"),
                e.getMessage());
        String line = CliRun.of(
                        "predict",
                        "--model-dir",
                        run.toString(),
                        fixture.resolve("digits/0-7.png").toString())
                .userError();
        assertTrue(line.startsWith("seqmnist: " + run + ": parameter "), line);
    }

    /** The lines of README.md's "Use a trained model from Java", from this file (between the markers). */
    private static String readmeCode() throws Exception {
        Path source = Path.of("src/test/java/io/seqmnist/predict/DjlCriteriaTest.java");
        String text = Files.readString(source);
        int begin = text.indexOf('\n', text.lastIndexOf("// README.md begins")) + 1;
        int end = text.lastIndexOf('\n', text.lastIndexOf("// README.md ends"));
        String indent = "            ";
        StringBuilder code = new StringBuilder();
        for (String line : text.substring(begin, end).split("\n", -1)) {
            assertTrue(line.isEmpty() || line.startsWith(indent), "indented as the block: " + line);
            code.append(line.isEmpty() ? "" : line.substring(indent.length())).append('\n');
        }
        return code.toString();
    }

    @Test
    void readmeShowsTheseLinesAndTheyRun() throws Exception {
        String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
        String code = readmeCode();
        assertTrue(readme.contains("```java\n" + code + "```\n"), "README.md shows, as one block:\n" + code);

        String run = "lstm-h16";
        String file = "0-7.png";
        PrintStream oldOut = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            Path runDir = fixture.resolve(run);
            Path digit = fixture.resolve("digits").resolve(file);
            // README.md begins
            Criteria<Image, Classifications> criteria = Criteria.builder()
                    .setTypes(Image.class, Classifications.class)
                    .optModelPath(runDir)
                    .optModelName("model")
                    .optArgument("blockFactory", new RunFolderBlockFactory())
                    .optTranslatorFactory(new DigitTranslatorFactory())
                    .build();
            try (ZooModel<Image, Classifications> model = criteria.loadModel();
                    Predictor<Image, Classifications> predictor = model.newPredictor()) {
                Image image = ImageFactory.getInstance().fromFile(digit);
                Classifications.Classification best = predictor.predict(image).best();
                System.out.println(best.getClassName() + " " + best.getProbability());
            }
            // README.md ends
        } finally {
            System.setOut(oldOut);
        }
        Matcher printed = Pattern.compile("(\\d) (\\S+)\\R").matcher(captured.toString(StandardCharsets.UTF_8));
        assertTrue(printed.matches(), captured.toString(StandardCharsets.UTF_8));
        int predicted = expectedClass(run, file);
        assertEquals(String.valueOf(predicted), printed.group(1));
        assertEquals(expectedProbabilities(run, file)[predicted], Double.parseDouble(printed.group(2)), TOLERANCE);
    }
}
