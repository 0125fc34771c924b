package io.seqmnist.predict;

import io.seqmnist.data.Mnist;
import io.seqmnist.experiment.RunDirectory;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Dataset images as PNG files {@code <index>-<label>.png}, white ink on black like MNIST, so anyone can try
 * {@code predict} on real digits. Written through {@link DigitImage#toImage}, the inverse of how {@code predict} reads
 * them.
 */
public final class DigitFiles {

    private DigitFiles() {}

    /** Writes the first {@code count} images of {@code split} into {@code folder}, created if need be. */
    public static void export(Mnist.Split split, int count, Path folder) {
        new RunDirectory(folder).create();
        for (int i = 0; i < count; i++) {
            float[] pixels = new float[Mnist.PIXELS];
            for (int p = 0; p < pixels.length; p++) {
                pixels[p] = Byte.toUnsignedInt(split.pixels()[i * Mnist.PIXELS + p]) / 255f;
            }
            writePng(DigitImage.toImage(pixels), folder.resolve(i + "-" + split.label(i) + ".png"));
        }
    }

    /** Written under a temporary name and renamed: no half-written PNG is left behind. */
    private static void writePng(BufferedImage image, Path target) {
        RunDirectory.writeAtomically(target, out -> {
            if (!ImageIO.write(image, "png", out)) {
                throw new IllegalStateException("no PNG writer in this JDK");
            }
        });
    }
}
