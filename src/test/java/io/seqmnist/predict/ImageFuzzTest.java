package io.seqmnist.predict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.seqmnist.UserError;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * Issue 8: valid PNG files mutated at random (fixed seed). Each mutant either becomes a prepared image or is refused
 * with a UserError; no other exception, no hang.
 */
class ImageFuzzTest {

    static final int CASES = 1500;
    static final long SEED = 20240608L;
    /** A guard against hangs, far above the few milliseconds a case takes; not a speed test. */
    static final long HANG_SECONDS = 30;

    static byte[] png(BufferedImage image) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertTrue(ImageIO.write(image, "png", out));
        return out.toByteArray();
    }

    /** Valid PNGs of several kinds: grey like MNIST, RGB, with alpha, palette, 16-bit grey. */
    static List<byte[]> seeds() throws IOException {
        List<byte[]> seeds = new ArrayList<>();
        BufferedImage argb = DigitImageTest.ring(60, 48, Color.WHITE, Color.BLACK, 5);
        seeds.add(png(argb));
        BufferedImage grey = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
        grey.createGraphics().drawImage(DigitImageTest.ring(28, 28, Color.BLACK, Color.WHITE, 3), 0, 0, null);
        seeds.add(png(grey));
        BufferedImage rgb = new BufferedImage(33, 41, BufferedImage.TYPE_INT_RGB);
        rgb.createGraphics().drawImage(DigitImageTest.ring(33, 41, Color.YELLOW, Color.BLUE, 4), 0, 0, null);
        seeds.add(png(rgb));
        BufferedImage indexed = new BufferedImage(40, 40, BufferedImage.TYPE_BYTE_INDEXED);
        indexed.createGraphics().drawImage(argb, 0, 0, null);
        seeds.add(png(indexed));
        BufferedImage grey16 = new BufferedImage(30, 30, BufferedImage.TYPE_USHORT_GRAY);
        grey16.createGraphics().drawImage(DigitImageTest.ring(30, 30, Color.BLACK, Color.WHITE, 3), 0, 0, null);
        seeds.add(png(grey16));
        BufferedImage binary = new BufferedImage(24, 24, BufferedImage.TYPE_BYTE_BINARY);
        binary.createGraphics().drawImage(argb, 0, 0, null);
        seeds.add(png(binary));
        return seeds;
    }

    static byte[] mutate(byte[] seed, Random random) {
        byte[] b = seed.clone();
        switch (random.nextInt(6)) {
            case 0 -> { // a few random bytes anywhere
                for (int n = 1 + random.nextInt(8); n > 0; n--) {
                    b[random.nextInt(b.length)] = (byte) random.nextInt(256);
                }
            }
            case 1 -> b = Arrays.copyOf(b, random.nextInt(b.length)); // truncated
            case 2 -> { // random bytes inserted
                int at = random.nextInt(b.length);
                byte[] junk = new byte[1 + random.nextInt(64)];
                random.nextBytes(junk);
                byte[] out = new byte[b.length + junk.length];
                System.arraycopy(b, 0, out, 0, at);
                System.arraycopy(junk, 0, out, at, junk.length);
                System.arraycopy(b, at, out, at + junk.length, b.length - at);
                b = out;
            }
            case 3 -> { // the header: width, height, bit depth, colour type, interlace
                for (int n = 1 + random.nextInt(3); n > 0; n--) {
                    b[16 + random.nextInt(13)] = (byte) random.nextInt(256);
                }
            }
            case 4 -> { // a section copied over another place
                int from = random.nextInt(b.length);
                int to = random.nextInt(b.length);
                int len = Math.min(random.nextInt(128), Math.min(b.length - from, b.length - to));
                System.arraycopy(b.clone(), from, b, to, len);
            }
            default -> { // bits flipped in the compressed pixel data
                for (int n = 1 + random.nextInt(4); n > 0; n--) {
                    int at = 33 + random.nextInt(b.length - 33);
                    b[at] ^= (byte) (1 << random.nextInt(8));
                }
            }
        }
        return b;
    }

    @Test
    void mutatedPngsArePreparedOrRefusedWithAUserError() throws Exception {
        List<byte[]> seeds = seeds();
        Random random = new Random(SEED);
        int prepared = 0;
        int refused = 0;
        ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fuzz");
            t.setDaemon(true); // a hung decoder must not keep the test JVM alive
            return t;
        });
        try {
            for (int i = 0; i < CASES; i++) {
                byte[] mutant = mutate(seeds.get(random.nextInt(seeds.size())), random);
                String name = "case " + i;
                Future<float[]> result = worker.submit(() -> DigitImage.prepare(DigitImage.read(mutant, name)));
                try {
                    float[] pixels = result.get(HANG_SECONDS, TimeUnit.SECONDS);
                    assertEquals(784, pixels.length);
                    for (float v : pixels) {
                        assertTrue(v >= 0 && v <= 1, name + ": pixel " + v);
                    }
                    prepared++;
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof UserError error)) {
                        throw new AssertionError(name + " (seed " + SEED + "): " + e.getCause(), e.getCause());
                    }
                    assertEquals(1, error.getMessage().lines().count(), error.getMessage());
                    refused++;
                } catch (TimeoutException e) {
                    fail(name + " (seed " + SEED + "): no answer after " + HANG_SECONDS + " s");
                }
            }
        } finally {
            worker.shutdownNow();
        }
        System.out.printf(
                "image fuzz: %d mutated PNGs, %d prepared, %d refused with a UserError%n", CASES, prepared, refused);
        assertEquals(CASES, prepared + refused);
        assertTrue(prepared > 0 && refused > 0, "both outcomes occur: " + prepared + "/" + refused);
    }
}
