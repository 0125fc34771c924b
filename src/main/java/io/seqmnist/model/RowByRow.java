package io.seqmnist.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;

/**
 * What a model answers after reading only the first t rows of each image, for t = 1..28: logits of shape (B, 28,
 * classes). A recurrent classifier applies its output layer to h[t]; a model without recurrence has no h[t], so it is
 * shown the image with rows t+1..28 blanked instead.
 */
public final class RowByRow {

    private RowByRow() {}

    public static NDArray logits(Block block, ParameterStore parameters, NDArray x) {
        if (block instanceof RecurrentClassifier rc) {
            return rc.logitsAfterEachRow(parameters, x);
        }
        long rows = x.getShape().get(1);
        NDArray[] perRow = new NDArray[(int) rows];
        for (int t = 1; t <= rows; t++) {
            float[] keep = new float[(int) rows];
            java.util.Arrays.fill(keep, 0, t, 1f);
            NDArray mask = x.getManager().create(keep, new Shape(1, rows, 1));
            perRow[t - 1] =
                    block.forward(parameters, new NDList(x.mul(mask)), false).head();
        }
        return NDArrays.stack(new NDList(perRow), 1);
    }
}
