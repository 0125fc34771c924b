package io.seqmnist.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seqmnist.TestData;
import io.seqmnist.predict.Classifier;
import io.seqmnist.predict.DigitImage;
import io.seqmnist.predict.Prediction;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The page in a real headless browser (Chromium or Chrome through chromedriver): a "1" and a "0" drawn with real mouse
 * strokes are read right, and the per-row chart and the gate chart beside it follow every stroke. Without a browser
 * this test is skipped with a line saying how to get one, and fails under CI=true (see {@link Browser}).
 */
class ServePageBrowserTest {

    static final Path SCREENSHOT = TestData.projectHome().resolve("target/serve-page.png");
    /** Another run folder to test with, e.g. a GRU trained with the defaults (the acceptance). */
    static final int UPLOADED_DIGIT = 0; // MNIST test image 0, a 7

    static final String MODEL_DIR_VARIABLE = "SEQMNIST_E2E_MODEL_DIR";

    static Path modelDir() {
        String other = System.getenv(MODEL_DIR_VARIABLE);
        return other == null || other.isBlank() ? TrainedModels.gru() : Path.of(other);
    }

    /**
     * A compare's runs folder whose gru-seed0, rnn-seed0 and lstm-seed0 the page serves instead, e.g. for
     * docs/serve-page.png (README says how it was made).
     */
    static final String RUNS_VARIABLE = "SEQMNIST_E2E_RUNS";

    static List<Path> modelDirs() {
        String runs = System.getenv(RUNS_VARIABLE);
        if (runs == null || runs.isBlank()) {
            return List.of(modelDir(), TrainedModels.rnn(), TrainedModels.lstm());
        }
        return Stream.of("gru", "rnn", "lstm")
                .map(kind -> Path.of(runs, kind + "-seed0"))
                .toList();
    }

    @Test
    void drawnOneAndZeroAreReadRightAndTheRowChartFollowsEveryStroke(@TempDir Path profile) throws Exception {
        Browser browser = Browser.requireOrSkip();
        List<Path> dirs = modelDirs();
        try (Classifier gru = Classifier.load(dirs.get(0));
                Classifier rnn = Classifier.load(dirs.get(1));
                Classifier lstm = Classifier.load(dirs.get(2));
                WebServer server = WebServer.start(
                        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), List.of(gru, rnn, lstm))) {
            WebDriver driver = startBrowser(browser, profile);
            try {
                driver.get(server.uri().toString());
                WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
                wait.until(d -> "true".equals(d.findElement(By.tagName("body")).getAttribute("data-ready")));
                WebElement pad = driver.findElement(By.id("drawing"));
                List<WebElement> cards = driver.findElements(By.cssSelector("section.model[data-model]"));
                assertEquals(
                        List.of(gru.name(), rnn.name(), lstm.name()),
                        cards.stream().map(c -> c.getAttribute("data-model")).toList(),
                        "side by side");
                // The acceptance is about the GRU; the others (trained as briefly) are shown, not judged.
                WebElement card = cards.get(0);
                WebElement rnnCard = cards.get(1);
                WebElement lstmCard = cards.get(2);

                draw(driver, pad, verticalStroke());
                waitForUpdates(wait, card, 1);
                report("a vertical stroke", card);
                report("a vertical stroke", rnnCard);
                assertEquals("1", card.getAttribute("data-predicted"), "a vertical stroke");
                assertBarsAgree(card, 1);
                Map<String, String> afterOne = chart(card);
                Map<String, String> gatesAfterOne = internalsChart(card, List.of("r", "z"));

                driver.findElement(By.id("clear")).click();
                assertEquals("", card.getAttribute("data-predicted"), "clear empties the card");
                draw(driver, pad, closedLoop());
                waitForUpdates(wait, card, 2);
                report("a closed loop", card);
                report("a closed loop", rnnCard);
                assertEquals("0", card.getAttribute("data-predicted"), "a closed loop");
                assertBarsAgree(card, 0);
                Map<String, String> afterZero = chart(card);
                assertNotEquals(afterOne, afterZero, "the chart follows the new drawing");
                assertEquals("2", rnnCard.getAttribute("data-updates"), "every card follows every stroke");
                chart(rnnCard);
                // Beside it, what moves inside: the GRU's and the LSTM's gates, the RNN's state change.
                Map<String, String> gatesAfterZero = internalsChart(card, List.of("r", "z"));
                internalsChart(rnnCard, List.of("stateChange"));
                internalsChart(lstmCard, List.of("i", "f", "o"));
                assertNotEquals(gatesAfterOne, gatesAfterZero, "the gate chart follows the new drawing");
                driver.manage().window().setSize(new Dimension(1280, 1900)); // every card in the picture
                Files.createDirectories(SCREENSHOT.getParent());
                Files.write(SCREENSHOT, ((ChromeDriver) driver).getScreenshotAs(OutputType.BYTES));

                // A stroke added to a drawing updates it too, whatever the model reads then.
                draw(driver, pad, List.of(new int[] {60, 250}, new int[] {140, 250}, new int[] {220, 250}));
                waitForUpdates(wait, card, 3);
                assertNotEquals(afterZero, chart(card), "the chart follows the added stroke");
                assertNotEquals(
                        gatesAfterZero,
                        internalsChart(card, List.of("r", "z")),
                        "the gate chart follows the added stroke");

                // An uploaded file: a real test digit, dark on white and 280 x 280. The page shows
                // what the classifier says about the same file (prepared the same way).
                Path upload = profile.resolve("digit.png");
                Files.write(upload, TestImages.invertedPng(UPLOADED_DIGIT, 280));
                Prediction expected = gru.classify(DigitImage.prepare(DigitImage.read(upload)));
                driver.findElement(By.id("upload")).sendKeys(upload.toString());
                waitForUpdates(wait, card, 4);
                report("uploaded test digit " + UPLOADED_DIGIT, card);
                assertEquals(String.valueOf(expected.predicted()), card.getAttribute("data-predicted"));
                assertBarsAgree(card, expected.predicted());
                assertOnlySameOriginRequests(driver, server);
            } finally {
                driver.quit();
            }
        }
    }

    static WebDriver startBrowser(Browser browser, Path profile) {
        // The driver and the browser named explicitly: Selenium Manager has nothing to look up.
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(browser.driver().toFile())
                .usingAnyFreePort()
                .build();
        ChromeOptions options = new ChromeOptions()
                .setBinary(browser.binary().toFile())
                .addArguments(
                        "--headless",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-quic",
                        "--no-first-run",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--disable-sync",
                        "--disable-dev-shm-usage",
                        "--window-size=1280,1000",
                        "--user-data-dir=" + profile);
        return new ChromeDriver(service, options);
    }

    /** One stroke through canvas points (x, y) of the 280 x 280 pad: press, move, release. */
    static void draw(WebDriver driver, WebElement pad, List<int[]> points) {
        int half = pad.getSize().getWidth() / 2; // offsets are from the pad's centre
        Actions stroke = new Actions(driver, Duration.ofMillis(5))
                .moveToElement(pad, points.get(0)[0] - half, points.get(0)[1] - half)
                .clickAndHold();
        for (int[] p : points.subList(1, points.size())) {
            stroke.moveToElement(pad, p[0] - half, p[1] - half);
        }
        stroke.release().perform();
    }

    static List<int[]> verticalStroke() {
        List<int[]> points = new ArrayList<>();
        for (int y = 45; y <= 235; y += 10) {
            points.add(new int[] {140, y});
        }
        return points;
    }

    static List<int[]> closedLoop() {
        List<int[]> points = new ArrayList<>();
        for (int i = 0; i <= 40; i++) { // 40 steps round, and back to the start
            double a = 2 * Math.PI * i / 40;
            points.add(new int[] {(int) Math.round(140 + 62 * Math.sin(a)), (int) Math.round(140 - 88 * Math.cos(a))});
        }
        return points;
    }

    static void waitForUpdates(WebDriverWait wait, WebElement card, int updates) {
        wait.until(d -> String.valueOf(updates).equals(card.getAttribute("data-updates")));
    }

    /** What the page shows, in the test's output: the numbers behind a pass or a failure. */
    static void report(String drawing, WebElement card) {
        StringBuilder bars = new StringBuilder();
        for (WebElement bar : card.findElements(By.cssSelector(".bars li[data-class]"))) {
            bars.append(String.format(
                    " %s:%.3f",
                    bar.getAttribute("data-class"), Double.parseDouble(bar.getAttribute("data-probability"))));
        }
        System.out.printf(
                "%s -> %s reads %s;%s%n",
                drawing, card.getAttribute("data-model"), card.getAttribute("data-predicted"), bars);
    }

    /** The predicted class has the longest bar, and the ten bars add up to 1. */
    static void assertBarsAgree(WebElement card, int predicted) {
        List<WebElement> bars = card.findElements(By.cssSelector(".bars li[data-class]"));
        assertEquals(10, bars.size());
        double sum = 0;
        double top = -1;
        int topClass = -1;
        for (WebElement bar : bars) {
            double p = Double.parseDouble(bar.getAttribute("data-probability"));
            sum += p;
            if (p > top) {
                top = p;
                topClass = Integer.parseInt(bar.getAttribute("data-class"));
            }
        }
        assertEquals(1, sum, 1e-4);
        assertEquals(predicted, topClass);
        assertEquals(
                String.valueOf(predicted),
                card.findElement(By.cssSelector(".predicted")).getText());
    }

    /** Each class's line in the per-row chart: one point per row, inside the plot. */
    static Map<String, String> chart(WebElement card) {
        List<WebElement> lines = card.findElements(By.cssSelector(".rows-chart polyline[data-class]"));
        assertEquals(10, lines.size(), "one line per class");
        Map<String, String> byClass = new LinkedHashMap<>();
        for (WebElement line : lines) {
            byClass.put(
                    line.getAttribute("data-class"), onePointPerRow(line, "class " + line.getAttribute("data-class")));
        }
        assertEquals(10, byClass.size());
        return byClass;
    }

    /** The chart of what moves inside a model: one line per named series, one point per row. */
    static Map<String, String> internalsChart(WebElement card, List<String> series) {
        WebElement figure = card.findElement(By.cssSelector(".gates-chart"));
        assertEquals(String.join(" ", series), figure.getAttribute("data-series"));
        Map<String, String> bySeries = new LinkedHashMap<>();
        for (WebElement line : figure.findElements(By.cssSelector("polyline[data-series]"))) {
            bySeries.put(line.getAttribute("data-series"), onePointPerRow(line, line.getAttribute("data-series")));
        }
        assertEquals(series, List.copyOf(bySeries.keySet()));
        return bySeries;
    }

    /** A chart line's points: 28, x increasing, y inside the plot (10 at its top, 160 at zero). */
    static String onePointPerRow(WebElement line, String what) {
        String points = line.getAttribute("points").trim();
        String[] pairs = points.split("\\s+");
        assertEquals(28, pairs.length, "28 points, one per row, for " + what);
        double lastX = Double.NEGATIVE_INFINITY;
        for (String pair : pairs) {
            String[] xy = pair.split(",");
            double x = Double.parseDouble(xy[0]);
            double y = Double.parseDouble(xy[1]);
            assertTrue(x > lastX, "rows in order: " + points);
            assertTrue(y >= 10 && y <= 160, "inside the plot: " + points);
            lastX = x;
        }
        return points;
    }

    /** Everything the page loaded came from the server itself: no CDN, no font service. */
    static void assertOnlySameOriginRequests(WebDriver driver, WebServer server) {
        @SuppressWarnings("unchecked")
        List<String> urls = (List<String>) ((JavascriptExecutor) driver)
                .executeScript("return performance.getEntriesByType('resource').map(e => e.name)"
                        + ".concat([location.href]);");
        String origin = server.uri().toString();
        assertTrue(urls.size() >= 4, "page, script, style sheet and API calls: " + urls);
        for (String url : urls) {
            assertTrue(url.startsWith(origin), url + " is not from " + origin);
        }
    }
}
