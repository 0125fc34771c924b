package io.seqmnist.model;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDList;
import ai.djl.pytorch.jni.JniUtils;
import java.util.function.Supplier;

/**
 * The one place outside the accelerator that touches DJL's PyTorch engine below its public API: libtorch's per-thread
 * switch that records gradients ({@code torch.set_grad_enabled}), through the engine's {@code JniUtils}, for
 * {@link LstmKernel}. DJL's public switch, a {@code GradientCollector}, cannot stand in for it: the PyTorch engine
 * allows one collector per process at a time, so a forward pass opened inside training, or two models served side by
 * side, would fail. {@code JniUtils} is internal to the engine and may change with DJL's version: pinned by the pom
 * (DJL 0.36.0) and checked by LstmWithoutGradientsTest. On any engine but PyTorch nothing is switched. ArchitectureTest
 * keeps other core classes off {@code ai.djl.pytorch}.
 */
final class PyTorchGradMode {

    private PyTorchGradMode() {}

    /** Runs a forward pass with libtorch recording gradients on this thread, as it does in training. */
    static NDList recording(Supplier<NDList> forward) {
        if (!"PyTorch".equals(Engine.getInstance().getEngineName()) || JniUtils.isGradMode()) {
            return forward.get(); // not libtorch, or recording already, as in training
        }
        JniUtils.setGradMode(true);
        try {
            return forward.get();
        } finally {
            JniUtils.setGradMode(false);
        }
    }
}
