package io.seqmnist.train;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.Trainer;
import ai.djl.training.TrainingConfig;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.util.Pair;
import io.seqmnist.model.HandWrittenBackward;
import java.util.ArrayList;
import java.util.List;

/**
 * DJL's {@link Trainer} on one device, whose {@link #step} hands each parameter's gradient to the optimizer as it is,
 * or clipped to a global norm ({@link GradientClipping}) when the run clips. DJL's own step goes through its parameter
 * server, built to add up the gradients of several devices: it copies every gradient before the update, a copy and a
 * free per parameter and step that one device does not need.
 */
final class OneDeviceTrainer extends Trainer {

    private final Optimizer optimizer;
    private final List<Parameter> trained;
    private final float clipNorm;
    private final List<HandWrittenBackward> handWritten = new ArrayList<>();

    OneDeviceTrainer(Model model, TrainingConfig config) {
        this(model, config, 0);
    }

    /** @param clipNorm the largest global gradient norm (0: no clipping) */
    OneDeviceTrainer(Model model, TrainingConfig config, float clipNorm) {
        super(model, config);
        if (config.getDevices().length != 1) {
            throw new IllegalArgumentException("one device expected, got " + config.getDevices().length);
        }
        this.optimizer = config.getOptimizer();
        this.trained = model.getBlock().getParameters().stream()
                .map(Pair::getValue)
                .filter(Parameter::requiresGradient)
                .toList();
        this.clipNorm = clipNorm;
        collectHandWritten(model.getBlock());
    }

    private void collectHandWritten(Block block) {
        if (block instanceof HandWrittenBackward unit) {
            handWritten.add(unit);
        }
        block.getChildren().values().forEach(this::collectHandWritten);
    }

    /**
     * Completes the backward pass of units that compute their own ({@link HandWrittenBackward}), then updates every
     * parameter.
     */
    @Override
    public void step() {
        handWritten.forEach(HandWrittenBackward::completeBackward);
        long begin = System.nanoTime();
        List<NDArray> gradients = new ArrayList<>(trained.size());
        try {
            for (Parameter parameter : trained) {
                gradients.add(parameter.getArray().getGradient());
            }
            if (clipNorm > 0) {
                GradientClipping.clip(gradients, clipNorm);
            }
            for (int i = 0; i < trained.size(); i++) {
                Parameter parameter = trained.get(i);
                optimizer.update(parameter.getId(), parameter.getArray(), gradients.get(i));
            }
        } finally {
            gradients.forEach(NDArray::close);
        }
        addMetric("step", begin);
    }
}
