package io.seqmnist.predict;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a model says about one image.
 *
 * @param predicted the class with the largest output at the last row
 * @param probabilities softmax of the output layer at the last row, one per class (10)
 * @param probabilitiesAfterEachRow T x 10 (28 x 10 for a model reading rows): entry [t - 1] is what the network would
 *     answer after reading only steps 1..t (softmax of the output layer applied to h[t]); the last entry equals
 *     {@code probabilities} up to rounding
 * @param internalsAfterEachRow for a recurrent model, named series of T values (28 for rows), entry [t - 1] after step
 *     t: each gate's mean over the hidden units (a GRU's r and z, an LSTM's i, f and o) and {@code stateChange}, ||h[t]
 *     - h[t-1]|| (h[0] = 0); empty for a model without recurrence
 */
public record Prediction(
        int predicted,
        float[] probabilities,
        float[][] probabilitiesAfterEachRow,
        Map<String, float[]> internalsAfterEachRow) {

    /** The k most probable classes, most probable first (ties: the smaller class first). */
    public List<Integer> topClasses(int k) {
        if (k < 0) {
            throw new IllegalArgumentException("k must be 0 or more, got " + k);
        }
        List<Integer> classes = new ArrayList<>();
        for (int c = 0; c < probabilities.length; c++) {
            classes.add(c);
        }
        classes.sort(
                Comparator.comparingDouble((Integer c) -> -probabilities[c]).thenComparingInt(c -> c));
        return List.copyOf(classes.subList(0, Math.min(k, classes.size())));
    }

    /** The k most probable classes with their probabilities, e.g. {@code 7 (98.12%), 1 (1.01%)}. */
    public String describeTop(int k) {
        StringBuilder top = new StringBuilder();
        for (int c : topClasses(k)) {
            top.append(top.length() == 0 ? "" : ", ")
                    .append(String.format(Locale.ROOT, "%d (%.2f%%)", c, 100 * probability(c)));
        }
        return top.toString();
    }

    public float probability(int c) {
        return probabilities[c];
    }
}
