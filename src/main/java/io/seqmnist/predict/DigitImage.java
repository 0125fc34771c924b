package io.seqmnist.predict;

import io.seqmnist.UserError;
import io.seqmnist.data.Mnist;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.color.ColorSpace;
import java.awt.image.AreaAveragingScaleFilter;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.DataBufferInt;
import java.awt.image.FilteredImageSource;
import java.awt.image.IndexColorModel;
import java.awt.image.PixelGrabber;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * A new image made to look like an MNIST digit, the way MNIST's own digits were prepared: grey; inverted when it is
 * dark ink on a light background; cropped to the ink's bounding box (plus the faint anti-aliased rim around it); scaled
 * to fit 20 x 20 keeping its aspect ratio; placed in a 28 x 28 frame so that its centre of mass is at the frame's
 * centre; scaled to [0, 1]. The result is 784 floats, row after row, the 28 time steps the networks read.
 */
public final class DigitImage {

    public static final int SIDE = Mnist.SEQUENCE_LENGTH;
    public static final int PIXELS = Mnist.PIXELS;
    /** MNIST's digits were fitted into a 20 x 20 box inside the 28 x 28 frame. */
    public static final int BOX = 20;
    /**
     * Where the centre of mass goes, in pixel-index coordinates. Measured on MNIST's test set: the mean centre of mass
     * is at (14.01, 13.99), so 14 (not the geometric 13.5).
     */
    static final double CENTRE = 14.0;
    /** Larger images are refused before they are decoded. */
    public static final int MAX_SIDE = 4096;
    /** A pixel is ink when it is this far (fraction of the ink's contrast) above background. */
    static final double INK_THRESHOLD = 0.1;
    /** Less contrast than this (out of 255) between background and darkest ink: blank. */
    static final double MIN_CONTRAST = 32;

    private static final Set<String> FORMATS = Set.of("png", "jpeg", "bmp", "gif");

    static {
        ImageIO.setUseCache(false); // decode in memory, no temporary files
    }

    private DigitImage() {}

    /** Reads an image file: PNG, JPEG, BMP or GIF, at most 4096 x 4096, checked before decoding. */
    public static BufferedImage read(Path file) {
        if (!Files.exists(file)) {
            throw new UserError(file + ": file not found");
        }
        if (Files.isDirectory(file)) {
            throw new UserError(file + ": is a directory, expected an image file");
        }
        try {
            if (Files.size(file) == 0) {
                throw new UserError(file + ": empty file, expected an image");
            }
            try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
                return decode(in, file.toString());
            }
        } catch (IOException e) {
            throw new UserError(file + ": cannot read (" + e.getMessage() + ")");
        }
    }

    /** Decodes an image held in memory (e.g. an upload); {@code name} is used in errors. */
    public static BufferedImage read(byte[] bytes, String name) {
        if (bytes.length == 0) {
            throw new UserError(name + ": empty, expected an image");
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            return decode(in, name);
        } catch (IOException e) {
            throw new UserError(name + ": cannot read (" + e.getMessage() + ")");
        }
    }

    private static BufferedImage decode(ImageInputStream in, String name) {
        if (in == null) {
            throw new UserError(name + ": cannot open as an image stream");
        }
        Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
        if (!readers.hasNext()) {
            throw new UserError(name + ": not an image (PNG, JPEG, BMP or GIF expected)");
        }
        ImageReader reader = readers.next();
        String format = "";
        try {
            format = reader.getFormatName().toLowerCase(Locale.ROOT);
            if (!FORMATS.contains(format)) {
                throw new UserError(
                        name + ": " + format + " images are not supported" + " (PNG, JPEG, BMP or GIF expected)");
            }
            reader.setInput(in, true, true);
            // The header alone: a huge image is refused before any pixel is decoded.
            int width = reader.getWidth(0);
            int height = reader.getHeight(0);
            if (width > MAX_SIDE || height > MAX_SIDE) {
                throw new UserError(String.format(
                        Locale.ROOT,
                        "%s: image is %d x %d pixels, larger than the %d x %d allowed",
                        name,
                        width,
                        height,
                        MAX_SIDE,
                        MAX_SIDE));
            }
            if (width < 1 || height < 1) {
                throw new UserError(name + ": image has no pixels (" + width + " x " + height + ")");
            }
            BufferedImage image = reader.read(0);
            if (image == null) {
                throw new UserError(name + ": holds no image");
            }
            return image;
        } catch (IOException e) {
            throw new UserError(
                    name + ": not a readable " + format.toUpperCase(Locale.ROOT) + " image (" + describe(e) + ")");
        } catch (UserError e) {
            throw e;
        } catch (RuntimeException e) {
            // The JDK's decoders throw assorted unchecked exceptions on corrupt data.
            throw new UserError(name + ": corrupt image (" + describe(e) + ")");
        } finally {
            reader.dispose();
        }
    }

    /** The decoder's message and its cause's, on one line. */
    private static String describe(Exception e) {
        String text = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e.getCause() != null && e.getCause() != e) {
            text += ": " + e.getCause();
        }
        return text.replaceAll("\\s+", " ").trim();
    }

    /** Reads an image file ({@link #read(Path)}) and prepares it; every error names the file. */
    public static float[] prepare(Path file) {
        BufferedImage image = read(file);
        try {
            return prepare(image);
        } catch (UserError e) {
            throw new UserError(file + ": " + e.getMessage());
        }
    }

    /** Prepares an image as MNIST's digits were; UserError when it holds no ink. */
    public static float[] prepare(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        float[] ink = grey(image); // becomes the ink level in [0, 1], in place

        // Dark ink on a light background is inverted: MNIST is white (255) ink on black (0).
        if (borderMedian(ink, w, h) > 127.5) {
            for (int i = 0; i < ink.length; i++) {
                ink[i] = 255 - ink[i];
            }
        }
        float background = borderMedian(ink, w, h);
        float peak = 0;
        for (float v : ink) {
            peak = Math.max(peak, v);
        }
        if (peak - background < MIN_CONTRAST) {
            throw new UserError("blank image: no ink found (contrast " + Math.round(peak - background) + " of 255)");
        }
        // Background to 0, strongest ink to 1: faint pencil and grey paper look like MNIST.
        float contrast = peak - background;
        int x0 = w, y0 = h, x1 = -1, y1 = -1;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                ink[i] = Math.min(1f, Math.max(0f, (ink[i] - background) / contrast));
                if (ink[i] > INK_THRESHOLD) { // the ink's bounding box
                    x0 = Math.min(x0, x);
                    x1 = Math.max(x1, x);
                    y0 = Math.min(y0, y);
                    y1 = Math.max(y1, y);
                }
            }
        }
        // The box of the clear ink sets the scale; the faint anti-aliased rim just outside it
        // comes along (about one output pixel's worth), so it is not cut off. A tiny drawing
        // blown up many times gets no rim: one source pixel would become a wide blur.
        int cw = x1 - x0 + 1;
        int ch = y1 - y0 + 1;
        double scale = (double) BOX / Math.max(cw, ch);
        int rim = scale <= 2 ? (int) Math.ceil(1 / scale) : 0;
        x0 = Math.max(0, x0 - rim);
        y0 = Math.max(0, y0 - rim);
        cw = Math.min(w - 1, x1 + rim) - x0 + 1;
        ch = Math.min(h - 1, y1 + rim) - y0 + 1;
        int fw = Math.max(1, (int) Math.round(cw * scale));
        int fh = Math.max(1, (int) Math.round(ch * scale));
        BufferedImage cropped = new BufferedImage(cw, ch, BufferedImage.TYPE_INT_RGB);
        int[] rgb = ((DataBufferInt) cropped.getRaster().getDataBuffer()).getData();
        for (int y = 0; y < ch; y++) {
            for (int x = 0; x < cw; x++) {
                int v = Math.round(255 * ink[(y0 + y) * w + x0 + x]);
                rgb[y * cw + x] = v << 16 | v << 8 | v;
            }
        }
        float[] fitted = resize(cropped, fw, fh);
        return centre(fitted, fw, fh);
    }

    /** Pixels that are already 28 x 28 in [0, 1], row-major: checked and copied, not re-centred. */
    public static float[] fromPixels(float[] pixels784) {
        if (pixels784 == null || pixels784.length != PIXELS) {
            throw new UserError("pixels: expected " + PIXELS + " values (28 x 28), got "
                    + (pixels784 == null ? "none" : pixels784.length));
        }
        for (int i = 0; i < PIXELS; i++) {
            float v = pixels784[i];
            if (!(v >= 0 && v <= 1)) { // also catches NaN
                throw new UserError("pixels: value " + v + " at index " + i + " (row " + i / SIDE + ", column "
                        + i % SIDE + ") is outside [0, 1]");
            }
        }
        return pixels784.clone();
    }

    /** The 28 x 28 pixels as an 8-bit grey image, white ink on black like MNIST. */
    public static BufferedImage toImage(float[] pixels784) {
        float[] pixels = fromPixels(pixels784);
        BufferedImage image = new BufferedImage(SIDE, SIDE, BufferedImage.TYPE_BYTE_GRAY);
        WritableRaster raster = image.getRaster();
        for (int i = 0; i < PIXELS; i++) {
            raster.setSample(i % SIDE, i / SIDE, 0, Math.round(255 * pixels[i]));
        }
        return image;
    }

    /** The 28 x 28 pixels as text, one line per row (time step), like {@code info} draws them. */
    public static String render(float[] pixels784) {
        float[] pixels = fromPixels(pixels784);
        byte[] bytes = new byte[PIXELS];
        for (int i = 0; i < PIXELS; i++) {
            bytes[i] = (byte) Math.round(255 * pixels[i]);
        }
        return Mnist.render(new Mnist.Split(bytes, new byte[1]), 0);
    }

    /**
     * Grey levels 0-255 of every pixel, row-major. Grey images are read from the raster: the JDK's getRGB would convert
     * their linear grey colour space to sRGB and brighten mid-greys. Transparent pixels are laid over whichever of
     * black or white contrasts with the drawing (black strokes on a transparent canvas go on white).
     */
    static float[] grey(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        float[] grey = new float[w * h];
        float[] alpha = null; // only for images with an alpha channel
        ColorModel cm = image.getColorModel();
        if (cm.hasAlpha()) {
            alpha = new float[w * h];
        }
        if (cm.getColorSpace().getType() == ColorSpace.TYPE_GRAY && !(cm instanceof IndexColorModel)) {
            Raster raster = image.getRaster();
            float greyMax = (1 << cm.getComponentSize(0)) - 1;
            float alphaMax = cm.hasAlpha() ? (1 << cm.getComponentSize(1)) - 1 : 1;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    grey[y * w + x] = 255 * raster.getSample(x, y, 0) / greyMax;
                    if (alpha != null) {
                        alpha[y * w + x] = raster.getSample(x, y, 1) / alphaMax;
                    }
                }
            }
        } else {
            int[] row = new int[w];
            for (int y = 0; y < h; y++) {
                image.getRGB(0, y, w, 1, row, 0, w);
                for (int x = 0; x < w; x++) {
                    int argb = row[x];
                    // ITU-R BT.601 luma, as most tools convert colour to grey
                    grey[y * w + x] = 0.299f * (argb >> 16 & 255) + 0.587f * (argb >> 8 & 255) + 0.114f * (argb & 255);
                    if (alpha != null) {
                        alpha[y * w + x] = (argb >>> 24) / 255f;
                    }
                }
            }
        }
        if (alpha != null) {
            double opaque = 0;
            double weighted = 0;
            for (int i = 0; i < grey.length; i++) {
                opaque += alpha[i];
                weighted += alpha[i] * grey[i];
            }
            float backdrop = opaque > 0 && weighted / opaque < 127.5 ? 255 : 0;
            for (int i = 0; i < grey.length; i++) {
                grey[i] = alpha[i] * grey[i] + (1 - alpha[i]) * backdrop;
            }
        }
        return grey;
    }

    /** The median grey level of the outermost pixels: the background's level. */
    static float borderMedian(float[] grey, int w, int h) {
        float[] border = new float[h <= 2 || w <= 2 ? w * h : 2 * (w + h) - 4];
        int n = 0;
        for (int y = 0; y < h; y++) {
            boolean edgeRow = y == 0 || y == h - 1;
            for (int x = 0; x < w; x += edgeRow || x == w - 1 ? 1 : w - 1) {
                border[n++] = grey[y * w + x];
            }
        }
        Arrays.sort(border);
        return n % 2 == 1 ? border[n / 2] : (border[n / 2 - 1] + border[n / 2]) / 2;
    }

    /**
     * Scales the cropped ink to w x h: the JDK's area averaging when shrinking (each new pixel the mean of the pixels
     * it covers), bilinear when enlarging a small drawing, a plain copy when the size is unchanged. Returns values in
     * [0, 1].
     */
    static float[] resize(BufferedImage source, int w, int h) {
        int[] rgb;
        if (w == source.getWidth() && h == source.getHeight()) {
            rgb = source.getRGB(0, 0, w, h, null, 0, w);
        } else if (w <= source.getWidth() && h <= source.getHeight()) {
            rgb = new int[w * h];
            PixelGrabber grabber = new PixelGrabber(
                    new FilteredImageSource(source.getSource(), new AreaAveragingScaleFilter(w, h)),
                    0,
                    0,
                    w,
                    h,
                    rgb,
                    0,
                    w);
            try {
                if (!grabber.grabPixels()) {
                    throw new IllegalStateException("area-averaging scale did not complete");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while scaling", e);
            }
        } else {
            BufferedImage scaled = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = scaled.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(source, 0, 0, w, h, null);
            g.dispose();
            rgb = scaled.getRGB(0, 0, w, h, null, 0, w);
        }
        float[] values = new float[w * h];
        for (int i = 0; i < values.length; i++) {
            values[i] = (rgb[i] & 255) / 255f; // grey: every channel holds the same level
        }
        return values;
    }

    /** Places a w x h image in the 28 x 28 frame with its centre of mass at (14, 14). */
    static float[] centre(float[] image, int w, int h) {
        double mass = 0;
        double sx = 0;
        double sy = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                float v = image[y * w + x];
                mass += v;
                sx += v * x;
                sy += v * y;
            }
        }
        if (mass == 0) {
            throw new UserError("blank image: no ink left after scaling");
        }
        int dx = (int) Math.round(CENTRE - sx / mass);
        int dy = (int) Math.round(CENTRE - sy / mass);
        float[] frame = new float[PIXELS];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int fx = x + dx;
                int fy = y + dy;
                if (fx >= 0 && fx < SIDE && fy >= 0 && fy < SIDE) {
                    frame[fy * SIDE + fx] = image[y * w + x];
                }
            }
        }
        return frame;
    }
}
