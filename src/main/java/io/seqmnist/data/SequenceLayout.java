package io.seqmnist.data;

import io.seqmnist.UserError;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * How a 28 x 28 image becomes a sequence: an optional fixed permutation of its 784 pixels (permuted MNIST), then T
 * steps of 784/T consecutive pixels each, in raster order. T = 28 without a permutation is the assignment's rows; T =
 * 784 reads one pixel a step (sequential MNIST).
 *
 * @param steps T, a divisor of 784
 * @param permutation null for raster order, else 784 indices: pixel i of the permuted image is pixel
 *     {@code permutation[i]} of the original
 */
public record SequenceLayout(int steps, int[] permutation) {

    /** The assignment's: 28 rows of 28 pixels, in order. */
    public static final int ROWS = Mnist.SEQUENCE_LENGTH;

    public static final SequenceLayout DEFAULT = new SequenceLayout(ROWS, null);

    /** Every T an image can be cut into: the divisors of 784. */
    public static final int[] LENGTHS = IntStream.rangeClosed(1, Mnist.PIXELS)
            .filter(t -> Mnist.PIXELS % t == 0)
            .toArray();

    public SequenceLayout {
        requireLength(steps, "--seq-len");
        if (permutation != null) {
            permutation = permutation.clone();
            requirePermutation(permutation, "permutation");
        }
    }

    /** T steps, the pixels permuted by {@link #permutation(long)} of {@code permuteSeed} unless it is null. */
    public static SequenceLayout of(int steps, Integer permuteSeed) {
        return new SequenceLayout(steps, permuteSeed == null ? null : permutation(permuteSeed));
    }

    /** Pixels per step: 784 / T. */
    public int stepWidth() {
        return Mnist.PIXELS / steps;
    }

    public boolean permuted() {
        return permutation != null;
    }

    @Override
    public int[] permutation() {
        return permutation == null ? null : permutation.clone();
    }

    /**
     * The permutation of 784 pixels a seed draws, the same on every OS and JVM: {@code java.util.Random(seed)} (its
     * generator is specified by the Java API: a 48-bit linear congruential generator), then Fisher-Yates from the last
     * index down, swapping index i with {@code random.nextInt(i + 1)}, starting from the identity.
     */
    public static int[] permutation(long seed) {
        int[] p = IntStream.range(0, Mnist.PIXELS).toArray();
        Random random = new Random(seed);
        for (int i = p.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = p[i];
            p[i] = p[j];
            p[j] = swap;
        }
        return p;
    }

    /** A one-line error naming {@code option} unless T divides 784. */
    public static void requireLength(int steps, String option) {
        if (steps < 1 || Mnist.PIXELS % steps != 0) {
            throw new UserError(option + " must divide " + Mnist.PIXELS + " ("
                    + Arrays.stream(LENGTHS).mapToObj(String::valueOf).collect(Collectors.joining(", ")) + "), got "
                    + steps);
        }
    }

    /** A one-line error naming {@code source} unless the indices are a permutation of 0..783. */
    public static void requirePermutation(int[] p, String source) {
        if (p.length != Mnist.PIXELS) {
            throw new UserError(source + ": expected " + Mnist.PIXELS + " pixel indices, got " + p.length);
        }
        boolean[] seen = new boolean[Mnist.PIXELS];
        for (int i : p) {
            if (i < 0 || i >= Mnist.PIXELS || seen[i]) {
                throw new UserError(source + ": not a permutation of 0.." + (Mnist.PIXELS - 1) + " (" + i
                        + (i < 0 || i >= Mnist.PIXELS ? " is out of range)" : " appears twice)"));
            }
            seen[i] = true;
        }
    }

    /** The images of a split with their pixels permuted (the split itself when there is no permutation). */
    public Mnist.Split apply(Mnist.Split split) {
        if (permutation == null) {
            return split;
        }
        byte[] in = split.pixels();
        byte[] out = new byte[in.length];
        for (int base = 0; base < in.length; base += Mnist.PIXELS) {
            for (int i = 0; i < Mnist.PIXELS; i++) {
                out[base + i] = in[base + permutation[i]];
            }
        }
        return new Mnist.Split(out, split.labels());
    }

    /** Both splits permuted. */
    public Mnist apply(Mnist data) {
        return permutation == null ? data : new Mnist(data.name(), apply(data.train()), apply(data.test()));
    }

    /** One image of 784 values, permuted (a copy either way). */
    public float[] apply(float[] pixels) {
        if (permutation == null) {
            return pixels.clone();
        }
        float[] out = new float[pixels.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = pixels[permutation[i]];
        }
        return out;
    }

    /** As the command line writes it: {@code T = 784, permuted}. */
    public String describe() {
        return "T = " + steps + " (" + stepWidth() + " pixel" + (stepWidth() == 1 ? "" : "s") + " a step"
                + (permuted() ? ", permuted" : "") + ")";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SequenceLayout other
                && other.steps == steps
                && Arrays.equals(other.permutation, permutation);
    }

    @Override
    public int hashCode() {
        return 31 * steps + Arrays.hashCode(permutation);
    }

    @Override
    public String toString() {
        return describe();
    }
}
