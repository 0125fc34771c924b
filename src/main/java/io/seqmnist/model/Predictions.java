package io.seqmnist.model;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.Batch;
import ai.djl.translate.TranslateException;
import java.io.IOException;
import java.io.UncheckedIOException;

/** A trained block run over a whole dataset, in order, without gradients. */
public final class Predictions {

    private Predictions() {}

    /** The predicted class of every image of the dataset, in order. */
    public static int[] classes(Block block, NDManager manager, ArrayDataset dataset) {
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
}
