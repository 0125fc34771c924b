package io.seqmnist.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seqmnist.CliRun;
import io.seqmnist.TestData;
import io.seqmnist.predict.Classifier;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The page with a model that reads pixel by pixel (T = 784, trained briefly on synthetic digits: what it answers is not
 * judged): the charts cover all 784 steps, drawn through every 4th step and the last, so that the page redraws quickly;
 * each stroke is answered within a few seconds. Skipped without a browser, as {@link ServePageBrowserTest}.
 */
class PixelByPixelPageTest {

    @TempDir
    Path tmp;

    @Test
    void theChartsFollowAllStepsOfAPixelByPixelModel() throws Exception {
        Browser browser = Browser.requireOrSkip();
        Path data = TestData.writeDataset(tmp.resolve("data"), 64, 20, true);
        Path run = tmp.resolve("gru-784");
        CliRun trained = CliRun.of(
                "train",
                "--model",
                "gru",
                "--hidden",
                "16",
                "--epochs",
                "1",
                "--seq-len",
                "784",
                "--data-dir",
                data.toString(),
                "--out",
                run.toString());
        assertEquals(0, trained.exitCode(), trained.err());
        try (Classifier gru = Classifier.load(run);
                WebServer server =
                        WebServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), List.of(gru))) {
            WebDriver driver = ServePageBrowserTest.startBrowser(browser, tmp.resolve("profile"));
            try {
                driver.get(server.uri().toString());
                WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
                wait.until(d -> "true".equals(d.findElement(By.tagName("body")).getAttribute("data-ready")));
                WebElement pad = driver.findElement(By.id("drawing"));
                WebElement card = driver.findElement(By.cssSelector("section.model[data-model]"));
                long start = System.nanoTime();
                ServePageBrowserTest.draw(driver, pad, ServePageBrowserTest.verticalStroke());
                ServePageBrowserTest.waitForUpdates(wait, card, 1);
                double seconds = (System.nanoTime() - start) / 1e9;
                System.out.printf("a stroke answered and drawn in %.2f s at T = 784%n", seconds);
                assertTrue(seconds < 10, "answered in " + seconds + " s");
                ServePageBrowserTest.assertBarsAgree(card, Integer.parseInt(card.getAttribute("data-predicted")));
                List<WebElement> lines = card.findElements(By.cssSelector(".rows-chart polyline[data-class]"));
                assertEquals(10, lines.size());
                for (WebElement line : lines) {
                    assertSteps(line.getAttribute("points"));
                }
                for (WebElement line : card.findElements(By.cssSelector(".gates-chart polyline[data-series]"))) {
                    assertSteps(line.getAttribute("points"));
                }
                String title = card.findElement(By.cssSelector(".rows-chart text.title"))
                        .getText();
                assertEquals("steps read (1 pixel each, every 4th drawn)", title);
                assertTrue(
                        card.findElement(By.cssSelector(".rows-chart .axes"))
                                .getText()
                                .contains("784"),
                        "the last step's tick");
            } finally {
                driver.quit();
            }
        }
    }

    /** Steps 1, 5, 9, ..., 781 and 784: 197 points, x increasing across the whole plot. */
    private static void assertSteps(String points) {
        String[] pairs = points.trim().split("\\s+");
        assertEquals(197, pairs.length, points);
        double last = Double.NEGATIVE_INFINITY;
        for (String pair : pairs) {
            double x = Double.parseDouble(pair.split(",")[0]);
            assertTrue(x > last, points);
            last = x;
        }
    }
}
