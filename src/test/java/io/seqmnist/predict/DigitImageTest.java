package io.seqmnist.predict;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seqmnist.TestData;
import io.seqmnist.UserError;
import io.seqmnist.data.Mnist;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

/** The preparation steps on synthetic drawings: grey, inversion, crop, fit 20 x 20, centring. */
class DigitImageTest {

    /** A w x h image, {@code background} everywhere and a filled rectangle of {@code ink}. */
    static BufferedImage rectangle(int w, int h, Color background, Color ink, int x, int y, int rw, int rh) {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(background);
        g.fillRect(0, 0, w, h);
        g.setColor(ink);
        g.fillRect(x, y, rw, rh);
        g.dispose();
        return image;
    }

    /** A ring (a "0") of the given stroke drawn off-centre on a w x h canvas. */
    static BufferedImage ring(int w, int h, Color background, Color ink, float stroke) {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = image.createGraphics();
        g.setColor(background);
        g.fillRect(0, 0, w, h);
        g.setColor(ink);
        g.setStroke(new BasicStroke(stroke));
        g.drawOval(w / 10, h / 5, w / 3, h / 2);
        g.dispose();
        return image;
    }

    /** [x0, y0, x1, y1] of the pixels above 0 in a prepared image. */
    static int[] inkBox(float[] pixels) {
        int[] box = {28, 28, -1, -1};
        for (int i = 0; i < pixels.length; i++) {
            if (pixels[i] > 0) {
                box[0] = Math.min(box[0], i % 28);
                box[1] = Math.min(box[1], i / 28);
                box[2] = Math.max(box[2], i % 28);
                box[3] = Math.max(box[3], i / 28);
            }
        }
        return box;
    }

    /** Centre of mass (x, y) in pixel-index coordinates. */
    static double[] centreOfMass(float[] pixels) {
        double m = 0, sx = 0, sy = 0;
        for (int i = 0; i < pixels.length; i++) {
            m += pixels[i];
            sx += pixels[i] * (i % 28);
            sy += pixels[i] * (i / 28);
        }
        return new double[] {sx / m, sy / m};
    }

    static void assertValid(float[] pixels) {
        assertEquals(784, pixels.length);
        for (float v : pixels) {
            assertTrue(v >= 0 && v <= 1, "pixel outside [0, 1]: " + v);
        }
    }

    @Test
    void tallBarIsFittedTo20HighKeepingItsAspectAndCentredOnItsMass() {
        // 10 x 40 bar in the top-left corner of a 100 x 100 black image
        float[] p = DigitImage.prepare(rectangle(100, 100, Color.BLACK, Color.WHITE, 3, 5, 10, 40));
        assertValid(p);
        int[] box = inkBox(p);
        assertEquals(20, box[3] - box[1] + 1, "height fitted to 20");
        assertEquals(5, box[2] - box[0] + 1, "width keeps the 1:4 aspect ratio");
        double[] com = centreOfMass(p);
        assertEquals(14, com[0], 0.5);
        assertEquals(14, com[1], 0.5);
        assertEquals(1f, p[14 * 28 + 14], 1e-6, "a solid bar stays solid");
    }

    @Test
    void wideBarIsFittedTo20Wide() {
        float[] p = DigitImage.prepare(rectangle(300, 90, Color.BLACK, Color.WHITE, 200, 60, 80, 20));
        int[] box = inkBox(p);
        assertEquals(20, box[2] - box[0] + 1);
        assertEquals(5, box[3] - box[1] + 1);
    }

    @Test
    void lopsidedShapeIsCentredOnItsMassNotItsBox() {
        // An "L": a long vertical bar and a heavy foot to its right. The box centre would put
        // the mass off-centre; MNIST centres the mass.
        BufferedImage image = rectangle(60, 60, Color.BLACK, Color.WHITE, 10, 10, 4, 40);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(10, 40, 30, 10);
        g.dispose();
        float[] p = DigitImage.prepare(image);
        double[] com = centreOfMass(p);
        assertEquals(14, com[0], 0.5);
        assertEquals(14, com[1], 0.5);
        int[] box = inkBox(p);
        double boxCentreX = (box[0] + box[2]) / 2.0;
        assertTrue(
                Math.abs(boxCentreX - 13.5) >= 1.5,
                "mass-centring moves the box off the frame centre, box " + boxCentreX);
    }

    @Test
    void realMnistDigitsComeThroughThePreparationUnchanged() {
        // MNIST's digits were made this way, so preparing one again should change (almost)
        // nothing: same box, same centre of mass, same grey levels.
        Mnist.Split test = TestData.realMnist().test();
        int n = 500;
        int exact = 0;
        for (int i = 0; i < n; i++) {
            float[] original = new float[784];
            for (int p = 0; p < 784; p++) {
                original[p] = test.pixel(i, p / 28, p % 28) / 255f;
            }
            float[] again = DigitImage.prepare(DigitImage.toImage(original));
            double worst = 0;
            for (int p = 0; p < 784; p++) {
                worst = Math.max(worst, Math.abs(again[p] - original[p]));
            }
            assertTrue(worst < 0.05, "test image " + i + " changed by up to " + worst);
            exact += worst < 0.5 / 255 ? 1 : 0;
        }
        // the rest differ by the contrast stretch (digits whose darkest pixel is not 255)
        assertTrue(exact >= 0.85 * n, exact + " of " + n + " unchanged");
    }

    @Test
    void darkInkOnLightBackgroundIsInverted() {
        float[] light = DigitImage.prepare(ring(200, 200, Color.WHITE, Color.BLACK, 12));
        float[] dark = DigitImage.prepare(ring(200, 200, Color.BLACK, Color.WHITE, 12));
        assertArrayEquals(dark, light, 1e-6f);
        assertEquals(0f, light[0], "background becomes 0 (black) like MNIST");
        assertTrue(light[14 * 28 + 14] < 0.01f, "the ring's hole stays background");
    }

    @Test
    void colourAndGreyPaperAreReadAsGreyWithTheBackgroundTakenOut() {
        float[] clean = DigitImage.prepare(ring(200, 200, Color.BLACK, Color.WHITE, 12));
        // dark blue ink on greyish paper, as a photo of a drawing might look
        float[] paper = DigitImage.prepare(ring(200, 200, new Color(200, 200, 190), new Color(20, 30, 120), 12));
        assertArrayEquals(clean, paper, 1.5f / 255);
    }

    @Test
    void blackStrokesOnATransparentCanvasAreInk() {
        float[] clean = DigitImage.prepare(ring(200, 200, Color.BLACK, Color.WHITE, 12));
        float[] transparent = DigitImage.prepare(ring(200, 200, new Color(0, 0, 0, 0), Color.BLACK, 12));
        assertArrayEquals(clean, transparent, 1e-6f);
    }

    @Test
    void greyImagesAreReadFromTheRasterWithoutGammaConversion() {
        BufferedImage grey = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
        grey.getRaster().setSample(5, 5, 0, 128);
        grey.getRaster().setSample(6, 5, 0, 255);
        float[] levels = DigitImage.grey(grey);
        assertEquals(128f, levels[5 * 28 + 5], 1e-4); // getRGB would give about 186
        assertEquals(255f, levels[5 * 28 + 6], 1e-4);
    }

    @Test
    void aTinyImageIsEnlargedTo20() {
        BufferedImage tiny = rectangle(3, 3, Color.BLACK, Color.WHITE, 1, 1, 1, 1);
        float[] p = DigitImage.prepare(tiny);
        int[] box = inkBox(p);
        assertEquals(20, box[2] - box[0] + 1);
        assertEquals(20, box[3] - box[1] + 1);
        assertEquals(400, countAbove(p, 0.99f), "one pixel becomes a full 20 x 20 square");
        BufferedImage onePixel = rectangle(1, 1, Color.WHITE, Color.WHITE, 0, 0, 1, 1);
        assertThrows(UserError.class, () -> DigitImage.prepare(onePixel));
    }

    @Test
    void aLargeImageIsAreaAveragedDownTo20() {
        float[] large = DigitImage.prepare(ring(4096, 4096, Color.WHITE, Color.BLACK, 160));
        float[] small = DigitImage.prepare(ring(400, 400, Color.WHITE, Color.BLACK, 16));
        assertValid(large);
        int[] box = inkBox(large);
        assertEquals(20, Math.max(box[2] - box[0] + 1, box[3] - box[1] + 1));
        double[] com = centreOfMass(large);
        assertEquals(14, com[0], 0.5);
        assertEquals(14, com[1], 0.5);
        // area averaging: the same drawing at two sizes gives nearly the same digit (up to a
        // one-pixel shift: the centre of mass rounds to whole pixels)
        double diff = maxDiffUpToOnePixelShift(large, small);
        assertTrue(diff < 0.15, "max pixel difference between sizes " + diff);
        // and the edges are smooth, not aliased: some pixels are partly covered
        assertTrue(countAbove(large, 0.05f) - countAbove(large, 0.95f) >= 20, "anti-aliased edge pixels expected");
    }

    @Test
    void blankImagesHaveNoInk() {
        for (Color c : new Color[] {Color.WHITE, Color.BLACK, Color.GRAY}) {
            BufferedImage blank = rectangle(50, 50, c, c, 0, 0, 1, 1);
            UserError e = assertThrows(UserError.class, () -> DigitImage.prepare(blank));
            assertTrue(e.getMessage().contains("no ink"), e.getMessage());
        }
        // a faint smudge (contrast 20 of 255) is not a digit either
        BufferedImage faint = rectangle(50, 50, Color.WHITE, new Color(235, 235, 235), 10, 10, 20, 20);
        assertThrows(UserError.class, () -> DigitImage.prepare(faint));
        BufferedImage clear = new BufferedImage(50, 50, BufferedImage.TYPE_INT_ARGB);
        assertThrows(UserError.class, () -> DigitImage.prepare(clear));
    }

    @Test
    void fromPixelsChecksLengthAndRangeAndCopies() {
        float[] ok = new float[784];
        ok[100] = 1f;
        ok[200] = 0.5f;
        float[] copy = DigitImage.fromPixels(ok);
        assertArrayEquals(ok, copy);
        assertNotSame(ok, copy);
        assertEquals(1f, copy[100], "no re-centring");
        assertThrows(UserError.class, () -> DigitImage.fromPixels(new float[783]));
        assertThrows(UserError.class, () -> DigitImage.fromPixels(null));
        for (float bad : new float[] {-0.01f, 1.01f, Float.NaN, Float.POSITIVE_INFINITY}) {
            float[] p = new float[784];
            p[5] = bad;
            UserError e = assertThrows(UserError.class, () -> DigitImage.fromPixels(p));
            assertTrue(e.getMessage().contains("index 5"), e.getMessage());
        }
    }

    @Test
    void toImageAndRenderShowThe28Rows() {
        float[] p = new float[784];
        p[0] = 1f;
        p[783] = 0.5f;
        BufferedImage image = DigitImage.toImage(p);
        assertEquals(BufferedImage.TYPE_BYTE_GRAY, image.getType());
        assertEquals(255, image.getRaster().getSample(0, 0, 0));
        assertEquals(128, image.getRaster().getSample(27, 27, 0));
        String text = DigitImage.render(p);
        assertEquals(28, text.lines().count());
        assertTrue(text.lines().findFirst().orElseThrow().contains("@@"), text);
    }

    static int countAbove(float[] p, float level) {
        int n = 0;
        for (float v : p) {
            if (v > level) {
                n++;
            }
        }
        return n;
    }

    /** The largest pixel difference, after the best shift of at most one pixel each way. */
    static double maxDiffUpToOnePixelShift(float[] a, float[] b) {
        double best = Double.MAX_VALUE;
        for (int dy = -1; dy <= 1; dy++) {
            for (int dx = -1; dx <= 1; dx++) {
                double worst = 0;
                for (int y = 0; y < 28; y++) {
                    for (int x = 0; x < 28; x++) {
                        int sx = x + dx;
                        int sy = y + dy;
                        float other = sx >= 0 && sx < 28 && sy >= 0 && sy < 28 ? b[sy * 28 + sx] : 0;
                        worst = Math.max(worst, Math.abs(a[y * 28 + x] - other));
                    }
                }
                best = Math.min(best, worst);
            }
        }
        return best;
    }
}
