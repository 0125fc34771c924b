package io.seqmnist.blas;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.nio.FloatBuffer;

/**
 * Adds hand-computed gradients to parameters' engine gradients: one engine backward of
 * sum(w * G) over the parameters, whose gradient with respect to w is exactly G. This is how a
 * unit outside the engine's autograd hands its gradients to the optimizer, which reads them
 * from the engine.
 */
final class GradientInjection {

    private GradientInjection() {}

    static void add(NDManager parent, NDArray[] weights, FloatBuffer[] grads) {
        try (NDManager scope = parent.newSubManager();
                GradientCollector collector = parent.getEngine().newGradientCollector()) {
            NDArray total = null;
            for (int i = 0; i < weights.length; i++) {
                NDArray g = scope.create(grads[i].duplicate(), weights[i].getShape());
                NDArray term = g.mul(weights[i]).sum(); // results belong to g's manager: scope
                total = total == null ? term : total.add(term);
            }
            collector.backward(total);
        }
    }
}
