package io.seqmnist.accel;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import java.nio.FloatBuffer;

/**
 * Adds hand-computed gradients to parameters' engine gradients, where DJL's optimizer reads them. Once a parameter has
 * an engine gradient (Adam zeroes it in place after each update) the gradient is added to it in place; before that, one
 * engine backward of sum(w * G), whose gradient with respect to w is exactly G, creates it.
 */
final class GradientInjection {

    private GradientInjection() {}

    static void add(NDManager parent, NDArray[] weights, FloatBuffer[] grads) {
        try (NDManager scope = parent.newSubManager()) {
            if (!addInPlace(scope, weights, grads)) {
                addThroughBackward(scope, weights, grads);
            }
        }
    }

    private static boolean addInPlace(NDManager scope, NDArray[] weights, FloatBuffer[] grads) {
        PtNDArray[] targets = new PtNDArray[weights.length];
        for (int i = 0; i < weights.length; i++) {
            targets[i] = JniUtils.getGradient((PtNDArray) weights[i]); // null: none yet
            if (targets[i] == null) {
                return false;
            }
            targets[i].attach(scope); // closing the scope closes the wrapper, not the gradient
        }
        for (int i = 0; i < weights.length; i++) {
            targets[i].addi(scope.create(grads[i].duplicate(), weights[i].getShape()));
        }
        return true;
    }

    private static void addThroughBackward(NDManager scope, NDArray[] weights, FloatBuffer[] grads) {
        try (GradientCollector collector = scope.getEngine().newGradientCollector()) {
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
