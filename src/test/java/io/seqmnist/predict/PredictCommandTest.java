package io.seqmnist.predict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seqmnist.CliRun;
import io.seqmnist.TestData;
import io.seqmnist.data.Mnist;
import io.seqmnist.experiment.RunDirectory;
import io.seqmnist.experiment.RunFixtures;
import io.seqmnist.experiment.TrainRun;
import io.seqmnist.model.ModelKind;
import io.seqmnist.train.Training;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code predict}: every kind of bad input gets one line; the other files are still classified. */
class PredictCommandTest {

    @TempDir
    static Path tmp;

    static Path run;

    @BeforeAll
    static void trainATinyModel() throws IOException {
        Mnist data = Mnist.load("mnist", TestData.writeDataset(tmp.resolve("data"), 64, 20, false));
        run = tmp.resolve("gru");
        TrainRun.run(
                data,
                RunFixtures.config(ModelKind.GRU, 1, 64, 16, 1e-3f),
                new RunDirectory(run),
                new Training.Observer() {});
    }

    static Path write(String name, BufferedImage image, String format) throws IOException {
        Path file = tmp.resolve(name);
        assertTrue(ImageIO.write(image, format, file.toFile()), "no writer for " + format);
        return file;
    }

    static BufferedImage digit(int w, int h) {
        BufferedImage rgb = DigitImageTest.ring(w, h, Color.WHITE, Color.BLACK, Math.max(2, w / 20f));
        BufferedImage opaque = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        opaque.createGraphics().drawImage(rgb, 0, 0, null); // JPEG and BMP want no alpha
        return opaque;
    }

    /** A PNG made of a header only, claiming w x h pixels: decoding it would need w*h bytes. */
    static byte[] pngHeaderOnly(int w, int h) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        byte[] ihdr = ByteBuffer.allocate(13)
                .putInt(w)
                .putInt(h)
                .put((byte) 8)
                .put((byte) 0)
                .put((byte) 0)
                .put((byte) 0)
                .put((byte) 0)
                .array();
        chunk(out, "IHDR", ihdr);
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    static void chunk(ByteArrayOutputStream out, String type, byte[] data) throws IOException {
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        out.write(ByteBuffer.allocate(4).putInt(data.length).array());
        out.write(typeBytes);
        out.write(data);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        out.write(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    /** A BMP file header and info header claiming w x h, 24 bits, and no pixels at all. */
    static byte[] bmpHeaderOnly(int w, int h) {
        return ByteBuffer.allocate(54)
                .order(ByteOrder.LITTLE_ENDIAN)
                .put((byte) 'B')
                .put((byte) 'M')
                .putInt(54)
                .putInt(0)
                .putInt(54)
                .putInt(40)
                .putInt(w)
                .putInt(h)
                .putShort((short) 1)
                .putShort((short) 24)
                .putInt(0)
                .putInt(0)
                .putInt(2835)
                .putInt(2835)
                .putInt(0)
                .putInt(0)
                .array();
    }

    @Test
    void everyBadFileGetsOneLineAndTheGoodOnesAreStillClassified() throws IOException {
        List<String> good = new ArrayList<>();
        good.add(write("ring.png", digit(120, 90), "png").toString());
        good.add(write("ring.jpg", digit(64, 64), "jpeg").toString());
        good.add(write("ring.bmp", digit(50, 70), "bmp").toString());
        good.add(write("ring.gif", digit(40, 40), "gif").toString());
        good.add(write("edge.png", digit(4096, 8), "png").toString()); // 4096 is allowed

        List<String[]> bad = new ArrayList<>(); // file, what the message must say
        Path text = Files.writeString(tmp.resolve("notes.png"), "not an image at all\n");
        bad.add(new String[] {text.toString(), "not an image"});
        Path empty = Files.write(tmp.resolve("empty.png"), new byte[0]);
        bad.add(new String[] {empty.toString(), "empty file"});
        bad.add(new String[] {tmp.resolve("missing.png").toString(), "not found"});
        bad.add(new String[] {tmp.toString(), "is a directory"});
        byte[] png = Files.readAllBytes(Path.of(good.get(0)));
        Path truncated = Files.write(tmp.resolve("truncated.png"), java.util.Arrays.copyOf(png, 80));
        bad.add(new String[] {truncated.toString(), "not a readable PNG"});
        Path hugePng = Files.write(tmp.resolve("huge.png"), pngHeaderOnly(100_000, 100_000));
        bad.add(new String[] {hugePng.toString(), "100000 x 100000 pixels, larger than the 4096 x 4096"});
        // the JDK's BMP reader already refuses a header whose pixels the file does not hold
        Path hugeBmp = Files.write(tmp.resolve("huge.bmp"), bmpHeaderOnly(50_000, 50_000));
        bad.add(new String[] {hugeBmp.toString(), "not a readable BMP image"});
        Path wideBmp = write("wide.bmp", digit(5000, 3), "bmp");
        bad.add(new String[] {wideBmp.toString(), "5000 x 3 pixels, larger than the 4096 x 4096"});
        Path wide = write("wide.png", digit(4097, 8), "png");
        bad.add(new String[] {wide.toString(), "4097 x 8 pixels, larger than"});
        Path blank = write("blank.png", DigitImageTest.rectangle(30, 30, Color.WHITE, Color.WHITE, 0, 0, 1, 1), "png");
        bad.add(new String[] {blank.toString(), "blank image: no ink"});
        Path tiff = write("ring.tiff", digit(30, 30), "tiff");
        bad.add(new String[] {tiff.toString(), "tif images are not supported"});

        List<String> args = new ArrayList<>(List.of("predict", "--model-dir", run.toString()));
        for (int i = 0; i < Math.max(good.size(), bad.size()); i++) { // interleaved
            if (i < bad.size()) {
                args.add(bad.get(i)[0]);
            }
            if (i < good.size()) {
                args.add(good.get(i));
            }
        }
        CliRun result = CliRun.of(args.toArray(String[]::new));

        assertEquals(2, result.exitCode(), "exit 2 when any file failed");
        assertEquals(bad.size(), result.errLines().size(), result.err());
        for (String[] b : bad) {
            assertTrue(
                    result.errLines().stream()
                            .anyMatch(l -> l.startsWith("seqmnist: " + b[0] + ": ") && l.contains(b[1])),
                    "expected a line for " + b[0] + " saying '" + b[1] + "' in:\n" + result.err());
        }
        assertFalse(
                result.err().contains("Exception\n") || result.err().contains("\tat "),
                "no stack trace: " + result.err());
        assertEquals(good.size(), result.outLines().size(), result.out());
        for (String g : good) {
            assertTrue(
                    result.outLines().stream()
                            .anyMatch(
                                    l -> l.matches(
                                            "\\Q" + g
                                                    + "\\E: \\d   top 3: \\d \\(\\d+\\.\\d\\d%\\), \\d \\(\\d+\\.\\d\\d%\\), \\d \\(\\d+\\.\\d\\d%\\)")),
                    "a result line for " + g + " in:\n" + result.out());
        }
    }

    @Test
    void allGoodFilesExitZeroAndShowPrintsThePreparedRows() throws IOException {
        Path file = write("show.png", digit(100, 100), "png");
        CliRun result = CliRun.of("predict", "--model-dir", run.toString(), file.toString(), "--show");
        assertEquals(0, result.exitCode(), result.err());
        assertEquals("", result.err());
        assertEquals(29, result.outLines().size(), result.out());
        assertTrue(result.outLines().get(1).startsWith("t= 1 |"), result.out());
        assertTrue(result.outLines().get(28).startsWith("t=28 |"), result.out());
        assertTrue(result.out().contains("@@"), "the ring is drawn:\n" + result.out());
    }

    @Test
    void helpIsAvailable() {
        CliRun result = CliRun.of("predict", "--help");
        assertEquals(0, result.exitCode(), result.err());
        assertTrue(result.out().startsWith("Usage: seqmnist predict"), result.out());
    }

    @Test
    void aBadModelFolderIsOneLineAndExit2() throws IOException {
        Path file = write("m.png", digit(50, 50), "png");
        Path incomplete = Files.createDirectories(tmp.resolve("incomplete"));
        Files.copy(run.resolve("summary.json"), incomplete.resolve("summary.json"));
        Path otherKind = Files.createDirectories(tmp.resolve("other-kind"));
        try (var files = Files.list(run)) {
            for (Path f : files.toList()) {
                Files.copy(f, otherKind.resolve(f.getFileName()));
            }
        }
        Files.writeString(
                otherKind.resolve("summary.json"),
                Files.readString(run.resolve("summary.json")).replace("\"model\": \"gru\"", "\"model\": \"lstm\""));
        for (Path dir : List.of(tmp.resolve("no-such-run"), incomplete, otherKind)) {
            CliRun result = CliRun.of("predict", "--model-dir", dir.toString(), file.toString());
            assertEquals(2, result.exitCode(), dir + ": " + result.err());
            assertEquals(1, result.errLines().size(), result.err());
            assertTrue(result.err().startsWith("seqmnist: " + dir), result.err());
            assertEquals("", result.out());
        }
    }
}
