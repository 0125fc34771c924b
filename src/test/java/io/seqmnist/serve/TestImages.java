package io.seqmnist.serve;

import io.seqmnist.TestData;
import io.seqmnist.data.Mnist;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/** Real MNIST test digits as the API takes them: 784 values in [0, 1], or a PNG file. */
final class TestImages {

    private TestImages() {}

    static float[] pixels(int index) {
        Mnist.Split test = TestData.realMnist().test();
        float[] pixels = new float[Mnist.PIXELS];
        for (int row = 0; row < 28; row++) {
            for (int col = 0; col < 28; col++) {
                pixels[row * 28 + col] = test.pixel(index, row, col) / 255f;
            }
        }
        return pixels;
    }

    static String json(float[] pixels) {
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < pixels.length; i++) {
            out.append(i == 0 ? "" : ",").append(pixels[i]);
        }
        return out.append(']').toString();
    }

    /** The digit as MNIST stores it (white ink on black), scaled up 4x to 112 x 112. */
    static byte[] png(int index) {
        Mnist.Split test = TestData.realMnist().test();
        BufferedImage image = new BufferedImage(112, 112, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 112; y++) {
            for (int x = 0; x < 112; x++) {
                int v = test.pixel(index, y / 4, x / 4);
                image.getRaster().setSample(x, y, 0, v);
            }
        }
        return png(image);
    }

    /** The digit drawn dark on white, scaled up to size x size (nearest neighbour). */
    static byte[] invertedPng(int index, int size) {
        Mnist.Split test = TestData.realMnist().test();
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int v = test.pixel(index, y * 28 / size, x * 28 / size);
                image.getRaster().setSample(x, y, 0, 255 - v);
            }
        }
        return png(image);
    }

    static byte[] png(BufferedImage image) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(image, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static BufferedImage read(byte[] png) {
        try {
            return ImageIO.read(new java.io.ByteArrayInputStream(png));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
