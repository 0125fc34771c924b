package io.seqmnist.predict;

import ai.djl.modality.Classifications;
import ai.djl.modality.cv.Image;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;
import io.seqmnist.UserError;
import io.seqmnist.data.Mnist;
import io.seqmnist.data.SequenceLayout;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * DJL's {@link Translator} for seqmnist's models: an input becomes 28 rows of 28 pixels in [0, 1] (a DJL {@link Image}
 * prepared the way MNIST's digits were, {@link DigitImage#prepare(BufferedImage)}; {@code float[28][28]} pixels taken
 * as they are), a batch of them the (B, T, 784/T) sequences the block reads (permuted first, for a model trained on
 * permuted images: {@link SequenceLayout}); the block's outputs at the last row become {@link Classifications} of the
 * classes "0" to "9", by softmax.
 *
 * @param <I> {@link Image} or {@code float[][]}
 */
public final class DigitTranslator<I> implements Translator<I, Classifications> {

    private static final List<String> CLASSES =
            IntStream.range(0, Mnist.CLASSES).mapToObj(String::valueOf).toList();

    private final Function<I, float[]> pixels;
    private final SequenceLayout layout;

    private DigitTranslator(Function<I, float[]> pixels, SequenceLayout layout) {
        this.pixels = pixels;
        this.layout = layout;
    }

    /** From a DJL image of any size, dark or light ink, for a model that reads rows. */
    public static DigitTranslator<Image> forImages() {
        return forImages(SequenceLayout.DEFAULT);
    }

    /** From a DJL image, for a model that reads its images as {@code layout} says (T steps, permuted or not). */
    public static DigitTranslator<Image> forImages(SequenceLayout layout) {
        return new DigitTranslator<>(image -> DigitImage.prepare(bufferedImage(image)), layout);
    }

    /** From 28 rows of 28 pixels in [0, 1], ink 1, used as they are, for a model that reads rows. */
    public static DigitTranslator<float[][]> forPixels() {
        return forPixels(SequenceLayout.DEFAULT);
    }

    /**
     * From 28 rows of 28 pixels in [0, 1] (the image as it looks, never permuted), for a model that reads its images as
     * {@code layout} says: the translator permutes them, if the model was trained so, and cuts them into its T steps.
     */
    public static DigitTranslator<float[][]> forPixels(SequenceLayout layout) {
        return new DigitTranslator<>(DigitTranslator::flatten, layout);
    }

    @Override
    public NDList processInput(TranslatorContext ctx, I input) {
        float[] x = layout.apply(pixels.apply(input));
        return new NDList(ctx.getNDManager().create(x, new Shape(layout.steps(), layout.stepWidth())));
    }

    @Override
    public Classifications processOutput(TranslatorContext ctx, NDList list) {
        NDArray probabilities = list.singletonOrThrow().softmax(0);
        float[] p = probabilities.toFloatArray();
        List<Double> values =
                IntStream.range(0, p.length).mapToObj(c -> (double) p[c]).toList();
        return new Classifications(CLASSES, values);
    }

    private static float[] flatten(float[][] rows) {
        int side = Mnist.SEQUENCE_LENGTH;
        if (rows == null || rows.length != side) {
            throw new UserError("pixels: expected " + side + " rows, got " + (rows == null ? "none" : rows.length));
        }
        float[] flat = new float[side * side];
        for (int r = 0; r < side; r++) {
            if (rows[r] == null || rows[r].length != side) {
                throw new UserError("pixels: row " + r + " has " + (rows[r] == null ? "no" : rows[r].length)
                        + " values, expected " + side);
            }
            System.arraycopy(rows[r], 0, flat, r * side, side);
        }
        return DigitImage.fromPixels(flat);
    }

    /** The image as a BufferedImage: DJL's default image factory wraps one; any other gives its RGB pixels. */
    private static BufferedImage bufferedImage(Image image) {
        if (image.getWrappedImage() instanceof BufferedImage buffered) {
            return buffered;
        }
        try (var manager = ai.djl.ndarray.NDManager.newBaseManager()) {
            NDArray hwc = image.toNDArray(manager, Image.Flag.COLOR).toType(DataType.INT32, false);
            int h = (int) hwc.getShape().get(0);
            int w = (int) hwc.getShape().get(1);
            int[] v = hwc.toIntArray();
            BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int i = (y * w + x) * 3;
                    out.setRGB(x, y, v[i] << 16 | v[i + 1] << 8 | v[i + 2]);
                }
            }
            return out;
        }
    }
}
