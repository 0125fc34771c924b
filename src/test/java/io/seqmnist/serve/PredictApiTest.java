package io.seqmnist.serve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import io.seqmnist.predict.Classifier;
import io.seqmnist.predict.DigitImage;
import io.seqmnist.predict.Prediction;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The JSON API of {@code serve}, over real HTTP, serving a GRU and an RNN trained on real digits. */
class PredictApiTest {

    private static final List<Classifier> served = new ArrayList<>();
    private static final List<Classifier> direct = new ArrayList<>(); // second loads: the answers to match
    private static WebServer server;
    private static HttpClient client;
    private static final Gson GSON = new Gson();

    @BeforeAll
    static void start() throws Exception {
        for (Path dir : List.of(TrainedModels.gru(), TrainedModels.rnn())) {
            served.add(Classifier.load(dir));
            direct.add(Classifier.load(dir));
        }
        server = WebServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), served);
        client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        for (Classifier c : served) {
            c.close();
        }
        for (Classifier c : direct) {
            c.close();
        }
    }

    private static HttpRequest post(String contentType, BodyPublisher body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.uri().resolve("api/predict"))
                .timeout(Duration.ofSeconds(60))
                .POST(body);
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return request.build();
    }

    private static HttpResponse<String> send(HttpRequest request) throws Exception {
        return client.send(request, BodyHandlers.ofString());
    }

    private static PredictHandler.Answer answer(HttpResponse<String> response) {
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        return GSON.fromJson(response.body(), PredictHandler.Answer.class);
    }

    /** The server's answer must be what each classifier says when called directly, to the bit. */
    private static void assertSameAsDirect(float[] prepared, PredictHandler.Answer answer) {
        assertEquals(direct.size(), answer.models().size());
        for (int m = 0; m < direct.size(); m++) {
            Prediction expected = direct.get(m).classify(prepared);
            PredictHandler.ModelAnswer model = answer.models().get(m);
            assertEquals(served.get(m).name(), model.name());
            assertEquals(expected.predicted(), model.predicted());
            assertArrayEquals(expected.probabilities(), model.probabilities());
            assertEquals(28, model.probabilitiesAfterEachRow().length);
            for (int row = 0; row < 28; row++) {
                assertEquals(10, model.probabilitiesAfterEachRow()[row].length);
                assertArrayEquals(
                        expected.probabilitiesAfterEachRow()[row],
                        model.probabilitiesAfterEachRow()[row],
                        model.name() + " row " + row);
            }
            // named series of 28 numbers: a GRU's r, z and stateChange; an RNN's stateChange
            assertEquals(
                    expected.internalsAfterEachRow().keySet(),
                    model.internalsAfterEachRow().keySet());
            assertTrue(model.internalsAfterEachRow().containsKey("stateChange"), model.name());
            expected.internalsAfterEachRow().forEach((name, series) -> {
                assertEquals(28, model.internalsAfterEachRow().get(name).length, name);
                assertArrayEquals(series, model.internalsAfterEachRow().get(name), model.name() + " " + name);
            });
        }
        assertEquals(
                List.of("r", "z", "stateChange"),
                List.copyOf(answer.models().get(0).internalsAfterEachRow().keySet()),
                "the GRU's");
        assertEquals(28, answer.image().length);
        for (int row = 0; row < 28; row++) {
            assertArrayEquals(Arrays.copyOfRange(prepared, 28 * row, 28 * row + 28), answer.image()[row]);
        }
    }

    private static float[] preparedPng(byte[] png) {
        return DigitImage.prepare(TestImages.read(png));
    }

    private static void assertError(HttpResponse<String> response, int status) {
        assertEquals(status, response.statusCode(), response.body());
        JsonObject body = GSON.fromJson(response.body(), JsonObject.class);
        assertTrue(body.has("error") && !body.get("error").getAsString().isBlank(), response.body());
    }

    @Test
    void jsonPixelsAreClassifiedLikeTheClassifierDoes() throws Exception {
        float[] pixels = TestImages.pixels(0);
        PredictHandler.Answer answer =
                answer(send(post("application/json", BodyPublishers.ofString(TestImages.json(pixels)))));
        assertSameAsDirect(DigitImage.fromPixels(pixels), answer);
        assertEquals(7, answer.models().get(0).predicted(), "test image 0 is a 7");
    }

    @Test
    void pngIsPreparedAndClassifiedLikeTheClassifierDoes() throws Exception {
        byte[] png = TestImages.png(1);
        PredictHandler.Answer answer = answer(send(post("image/png", BodyPublishers.ofByteArray(png))));
        assertSameAsDirect(preparedPng(png), answer);
        assertEquals(2, answer.models().get(0).predicted(), "test image 1 is a 2");
    }

    @Test
    void otherImageTypesAreReadToo() throws Exception {
        BufferedImage rgb = TestImages.read(TestImages.png(2));
        BufferedImage bmpReady = new BufferedImage(rgb.getWidth(), rgb.getHeight(), BufferedImage.TYPE_INT_RGB);
        bmpReady.getGraphics().drawImage(rgb, 0, 0, null);
        java.io.ByteArrayOutputStream bmp = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(bmpReady, "bmp", bmp);
        PredictHandler.Answer answer = answer(send(post("image/bmp", BodyPublishers.ofByteArray(bmp.toByteArray()))));
        assertSameAsDirect(
                DigitImage.prepare(javax.imageio.ImageIO.read(new ByteArrayInputStream(bmp.toByteArray()))), answer);
    }

    @Test
    void twoHundredConcurrentRequestsAllGetTheirOwnRightAnswer() throws Exception {
        int n = 200;
        List<CompletableFuture<HttpResponse<String>>> pending = new ArrayList<>();
        List<float[]> prepared = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            // Every request a different digit, half as PNG and half as JSON, all in flight at once.
            if (i % 2 == 0) {
                byte[] png = TestImages.png(i);
                prepared.add(preparedPng(png));
                pending.add(
                        client.sendAsync(post("image/png", BodyPublishers.ofByteArray(png)), BodyHandlers.ofString()));
            } else {
                float[] pixels = TestImages.pixels(i);
                prepared.add(DigitImage.fromPixels(pixels));
                pending.add(client.sendAsync(
                        post("application/json; charset=utf-8", BodyPublishers.ofString(TestImages.json(pixels))),
                        BodyHandlers.ofString()));
            }
        }
        int correctLabels = 0;
        for (int i = 0; i < n; i++) {
            PredictHandler.Answer answer = answer(pending.get(i).get());
            assertSameAsDirect(prepared.get(i), answer);
            if (answer.models().get(0).predicted()
                    == io.seqmnist.TestData.realMnist().test().label(i)) {
                correctLabels++;
            }
        }
        // And the answers are a model's, not noise: the briefly trained GRU (85% on the test
        // set) reads most real digits right; chance would be 20 of 200.
        assertTrue(correctLabels >= 150, correctLabels + " of 200 right");
    }

    @Test
    void tenMegabyteBodyGets413AndTheServerKeepsServing() throws Exception {
        byte[] tenMb = new byte[10 * 1024 * 1024];
        for (int i = 0; i < 3; i++) { // the answer must not depend on TCP timing
            assertError(send(post("image/png", BodyPublishers.ofByteArray(tenMb))), 413);
        }
        // The same without Content-Length (chunked): refused after reading 2 MB + 1 bytes.
        assertError(send(post("image/png", BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(tenMb)))), 413);
        assertError(send(post("application/json", BodyPublishers.ofByteArray(tenMb))), 413);
        float[] pixels = TestImages.pixels(3);
        assertSameAsDirect(
                DigitImage.fromPixels(pixels),
                answer(send(post("application/json", BodyPublishers.ofString(TestImages.json(pixels))))));
    }

    @Test
    void largeBodyRefusedForItsTypeOrPathStillGetsItsAnswer() throws Exception {
        byte[] twoMb = new byte[WebServer.MAX_BODY_BYTES]; // allowed, far over what the JDK drains itself
        for (int i = 0; i < 5; i++) {
            assertError(send(post("text/plain", BodyPublishers.ofByteArray(twoMb))), 415);
            assertError(
                    send(HttpRequest.newBuilder(server.uri().resolve("api/nothing-here"))
                            .header("Content-Type", "image/png")
                            .POST(BodyPublishers.ofByteArray(twoMb))
                            .build()),
                    404);
            assertError(
                    send(HttpRequest.newBuilder(server.uri())
                            .header("Content-Type", "image/png")
                            .POST(BodyPublishers.ofByteArray(twoMb))
                            .build()),
                    405);
        }
    }

    @Test
    void bodyOfExactlyTheLimitIsReadNotRefused() throws Exception {
        byte[] twoMb = new byte[WebServer.MAX_BODY_BYTES]; // zeros: not a PNG, so 400, not 413
        assertError(send(post("image/png", BodyPublishers.ofByteArray(twoMb))), 400);
    }

    @Test
    void wrongContentTypeGets415() throws Exception {
        assertError(send(post("text/plain", BodyPublishers.ofString("[0.5]"))), 415);
        assertError(send(post("application/x-www-form-urlencoded", BodyPublishers.ofString("a=b"))), 415);
        assertError(send(post(null, BodyPublishers.ofString("[]"))), 415);
    }

    @Test
    void malformedOrWrongLengthJsonGets400() throws Exception {
        float[] pixels = TestImages.pixels(4);
        String good = TestImages.json(pixels);
        for (String bad : List.of(
                "",
                "{",
                "[0.1, 0.2",
                "not json",
                "{\"pixels\": []}",
                "[]",
                TestImages.json(Arrays.copyOf(pixels, 783)),
                TestImages.json(Arrays.copyOf(pixels, 785)),
                good.replaceFirst("\\[0\\.0,", "[\"0\","),
                good.replaceFirst("\\[0\\.0,", "[1.5,"),
                good.replaceFirst("\\[0\\.0,", "[-0.1,"),
                good.replaceFirst("\\[0\\.0,", "[NaN,"),
                good + " trailing")) {
            assertError(send(post("application/json", BodyPublishers.ofString(bad))), 400);
        }
    }

    @Test
    void bodyThatIsNoImageGets400() throws Exception {
        assertError(send(post("image/png", BodyPublishers.ofString("this is not a PNG"))), 400);
        assertError(send(post("image/jpeg", BodyPublishers.ofByteArray(new byte[0]))), 400);
    }

    @Test
    void blankDrawingGets422() throws Exception {
        BufferedImage white = new BufferedImage(280, 280, BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics g = white.getGraphics();
        g.setColor(java.awt.Color.WHITE);
        g.fillRect(0, 0, 280, 280);
        assertError(send(post("image/png", BodyPublishers.ofByteArray(TestImages.png(white)))), 422);
        assertError(send(post("application/json", BodyPublishers.ofString(TestImages.json(new float[784])))), 422);
    }

    @Test
    void pageAndModelListAreServedAndUnknownPathsAre404() throws Exception {
        HttpResponse<String> page =
                send(HttpRequest.newBuilder(server.uri()).GET().build());
        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        assertTrue(page.body().contains("id=\"drawing\""), page.body());
        for (String asset : List.of("app.js", "style.css")) {
            assertEquals(
                    200,
                    send(HttpRequest.newBuilder(server.uri().resolve(asset))
                                    .GET()
                                    .build())
                            .statusCode());
        }
        HttpResponse<String> models = send(
                HttpRequest.newBuilder(server.uri().resolve("api/models")).GET().build());
        assertEquals(200, models.statusCode());
        assertEquals(
                GSON.toJsonTree(served.stream().map(Classifier::name).toList()),
                GSON.fromJson(models.body(), JsonObject.class).getAsJsonArray("models"));
        for (String path : List.of("nope", "index.html", "api/predictions", "web/app.js", "api/models/x")) {
            assertError(
                    send(HttpRequest.newBuilder(server.uri().resolve(path))
                            .GET()
                            .build()),
                    404);
        }
        assertError(
                send(HttpRequest.newBuilder(server.uri().resolve("api/predict"))
                        .GET()
                        .build()),
                405);
    }

    @Test
    void pageMakesNoRequestElsewhere() throws Exception {
        for (String asset : List.of("", "app.js", "style.css")) {
            String body = send(HttpRequest.newBuilder(server.uri().resolve(asset))
                            .GET()
                            .build())
                    .body()
                    .replace("http://www.w3.org/2000/svg", ""); // a namespace name, never fetched
            assertTrue(
                    !body.contains("http://")
                            && !body.contains("https://")
                            && !body.contains("//cdn")
                            && !body.contains("@import")
                            && !body.contains("@font-face"),
                    asset);
        }
    }
}
