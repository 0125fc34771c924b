package io.seqmnist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seqmnist.TestData;
import io.seqmnist.accel.OnLinuxX86;
import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With the accelerator off, the product is plain DJL: a 1-epoch train, evaluate, predict and a serve request, each in a
 * JVM of its own that logs every class it loads and resolves, load no class of io.seqmnist.accel, and nothing reaches
 * JNA (what the accelerator reaches native code with) but DJL itself: DJL 0.36 loads JNA in every process that starts
 * its engine ({@code ai.djl.util.Platform} asks {@code ai.djl.util.cuda.CudaUtils} for the GPU count, which tries to
 * load libcudart through JNA). With the accelerator on the same train reaches JNA from it, so the check can fail.
 */
class PortableCoreTest {

    @TempDir
    static Path tmp;

    static Path data;
    static Path run;

    @BeforeAll
    static void trainOneEpochWithTheAcceleratorOff() throws Exception {
        data = TestData.writeDataset(tmp.resolve("data"), 256, 100, false);
        run = tmp.resolve("run");
        Child train = Child.run(
                "train",
                "off",
                "train",
                "--model",
                "rnn",
                "--epochs",
                "1",
                "--limit",
                "128",
                "--batch-size",
                "32",
                "--data-dir",
                data.toString(),
                "--out",
                run.toString());
        assertEquals(0, train.exitCode(), train.output());
        assertTrue(train.loaded("io.seqmnist.train.Training"), "the log lists our classes");
        assertPlain(train);
    }

    @Test
    void evaluateAndPredictStayPlain() throws Exception {
        Child evaluate =
                Child.run("evaluate", "off", "evaluate", "--model-dir", run.toString(), "--data-dir", data.toString());
        assertEquals(0, evaluate.exitCode(), evaluate.output());
        assertPlain(evaluate);

        Path image = writePng();
        Child predict = Child.run("predict", "off", "predict", "--model-dir", run.toString(), image.toString());
        assertEquals(0, predict.exitCode(), predict.output());
        assertTrue(predict.output().contains(image.getFileName().toString()), predict.output());
        assertPlain(predict);
    }

    @Test
    void aServeRequestStaysPlain() throws Exception {
        Process serve = Child.start("serve", "off", "serve", "--model-dir", run.toString(), "--port", "0");
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null && !line.startsWith("serving ")) {
                // the engine's start-up lines
            }
            assertTrue(line != null, "serve stopped before serving");
            URI page = URI.create(line.substring(line.lastIndexOf(" at ") + 4, line.indexOf(" (Ctrl-C")));
            byte[] png = Files.readAllBytes(writePng());
            HttpResponse<String> response = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(page.resolve("api/predict"))
                                    .header("Content-Type", "image/png")
                                    .POST(HttpRequest.BodyPublishers.ofByteArray(png))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), response.body());
        } finally {
            serve.destroy(); // SIGTERM: the shutdown hook stops the server
            serve.waitFor(30, TimeUnit.SECONDS);
        }
        assertPlain(Child.log("serve"));
    }

    @Test
    void fastModelsSayTheyNeedTheAcceleratorAndWriteNothing() throws Exception {
        Path out = tmp.resolve("fast");
        Child train = Child.run(
                "fast",
                "off",
                "train",
                "--model",
                "fast-gru",
                "--epochs",
                "1",
                "--data-dir",
                data.toString(),
                "--out",
                out.toString());
        assertEquals(2, train.exitCode(), train.output());
        List<String> errors =
                train.output().lines().filter(l -> l.startsWith("seqmnist: ")).toList();
        assertEquals(
                List.of("seqmnist: fast-gru needs the accelerator, which is off (turned off:"
                        + " SEQMNIST_ACCEL=off); turn it on with --accel on or SEQMNIST_ACCEL=on (Linux"
                        + " x86-64 only; in a program: io.seqmnist.accel.Accelerator.enable)"),
                errors);
        assertFalse(Files.exists(out), "no run folder left behind");
    }

    /** On, not auto: auto leaves it off on an Intel processor, and the check would prove nothing there. */
    @OnLinuxX86
    @Test
    void withTheAcceleratorOnTheSameTrainReachesIt() throws Exception {
        Child train = Child.run(
                "on",
                "on",
                "train",
                "--model",
                "rnn",
                "--epochs",
                "1",
                "--limit",
                "64",
                "--batch-size",
                "32",
                "--data-dir",
                data.toString(),
                "--out",
                tmp.resolve("on").toString());
        assertEquals(0, train.exitCode(), train.output());
        assertTrue(train.loaded("io.seqmnist.accel.Accelerator"), train.output());
        assertTrue(
                train.jnaReachedFrom().contains("io.seqmnist.accel.EngineBlas"),
                train.jnaReachedFrom().toString());
    }

    private static void assertPlain(Child child) {
        List<String> accelerated = child.classes().stream()
                .filter(c -> c.startsWith("io.seqmnist.accel."))
                .toList();
        assertEquals(List.of(), accelerated, child.name() + " loaded these");
        List<String> jnaUsers = child.jnaReachedFrom().stream()
                .filter(c -> !c.startsWith("ai.djl.util.cuda."))
                .toList();
        assertEquals(List.of(), jnaUsers, child.name() + ": these reached JNA");
    }

    private static Path writePng() throws IOException {
        Path image = tmp.resolve("digit.png");
        BufferedImage digit = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 4; y < 24; y++) {
            digit.getRaster().setSample(14, y, 0, 255);
        }
        ImageIO.write(digit, "png", image.toFile());
        return image;
    }

    /** A seqmnist JVM with SEQMNIST_ACCEL set, logging every class it loads to a file. */
    private record Child(String name, int exitCode, String output) {

        static Child run(String name, String accel, String... args) throws Exception {
            Process process = start(name, accel, args);
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return new Child(name, process.waitFor(), output);
        }

        static Process start(String name, String accel, String... args) throws IOException {
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx512m",
                    "-Dai.djl.offline=true",
                    "-Xlog:class+load=info,class+resolve=debug:file=" + tmp.resolve(name + ".classes"),
                    "-cp",
                    System.getProperty("java.class.path"),
                    Main.class.getName()));
            command.addAll(List.of(args));
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().put("SEQMNIST_ACCEL", accel);
            return builder.start();
        }

        static Child log(String name) {
            return new Child(name, 0, "");
        }

        /** Every class the JVM loaded, by name. */
        List<String> classes() {
            // "[0.123s][info][class,load] ai.djl.Model source: jar:file:..."
            return fields("load").map(f -> f[0]).toList();
        }

        /** The classes outside JNA that resolved a class of JNA. */
        Set<String> jnaReachedFrom() {
            // "[0.123s][debug][class,resolve] ai.djl.util.cuda.CudaUtils com.sun.jna.Native ..."
            return fields("resolve")
                    .filter(f -> f.length > 1 && f[1].startsWith("com.sun.jna.") && !f[0].startsWith("com.sun.jna."))
                    .map(f -> f[0])
                    .collect(Collectors.toCollection(TreeSet::new));
        }

        /** The words after a tag such as "load" (the JVM pads tags: "[class,load ]"). */
        private Stream<String[]> fields(String tag) {
            Pattern decorations = Pattern.compile(".*?\\[class," + tag + " *\\] ");
            try {
                return Files.readAllLines(tmp.resolve(name + ".classes")).stream()
                        .map(decorations::matcher)
                        .filter(Matcher::lookingAt)
                        .map(m -> m.replaceFirst("").split(" "));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        boolean loaded(String className) {
            return classes().contains(className);
        }
    }
}
