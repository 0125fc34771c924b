package io.seqmnist.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.Batch;
import ai.djl.translate.TranslateException;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Runs a trained block over a whole split, in order, without gradients. */
public final class Evaluation {

    private Evaluation() {}

    /** The predicted class of every image of the dataset, in order. */
    public static int[] predictedClasses(Block block, NDManager manager, ArrayDataset dataset) {
        int[] predicted = new int[Math.toIntExact(dataset.size())];
        ParameterStore parameters = new ParameterStore(manager, false);
        int at = 0;
        try {
            for (Batch batch : dataset.getData(manager)) {
                try (batch) {
                    NDList logits = block.forward(parameters, batch.getData(), false);
                    for (long c : logits.head().argMax(1).toLongArray()) {
                        predicted[at++] = (int) c;
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (TranslateException e) {
            throw new IllegalStateException(e);
        }
        return predicted;
    }

    /** Fraction of the dataset classified correctly. */
    public static double accuracy(Block block, NDManager manager, ArrayDataset dataset,
            byte[] labels) {
        int[] predicted = predictedClasses(block, manager, dataset);
        long correct = 0;
        for (int i = 0; i < predicted.length; i++) {
            if (predicted[i] == labels[i]) {
                correct++;
            }
        }
        return (double) correct / predicted.length;
    }

    /** confusion[true][predicted] counts. */
    public static int[][] confusion(int[] predicted, byte[] labels, int classes) {
        int[][] matrix = new int[classes][classes];
        for (int i = 0; i < predicted.length; i++) {
            matrix[labels[i]][predicted[i]]++;
        }
        return matrix;
    }
}
