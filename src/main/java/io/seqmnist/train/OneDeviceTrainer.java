package io.seqmnist.train;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.training.Trainer;
import ai.djl.training.TrainingConfig;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.util.Pair;
import java.util.List;

/**
 * DJL's {@link Trainer} on one device, whose {@link #step} hands each parameter's gradient to the
 * optimizer as it is. DJL's own step goes through its parameter server, built to add up the
 * gradients of several devices: it copies every gradient before the update, a copy and a free
 * per parameter and step that one device does not need.
 */
final class OneDeviceTrainer extends Trainer {

    private final Optimizer optimizer;
    private final List<Parameter> trained;

    OneDeviceTrainer(Model model, TrainingConfig config) {
        super(model, config);
        if (config.getDevices().length != 1) {
            throw new IllegalArgumentException(
                    "one device expected, got " + config.getDevices().length);
        }
        this.optimizer = config.getOptimizer();
        this.trained = model.getBlock().getParameters().stream()
                .map(Pair::getValue)
                .filter(Parameter::requiresGradient)
                .toList();
    }

    @Override
    public void step() {
        long begin = System.nanoTime();
        for (Parameter parameter : trained) {
            NDArray weight = parameter.getArray();
            try (NDArray gradient = weight.getGradient()) {
                optimizer.update(parameter.getId(), weight, gradient);
            }
        }
        addMetric("step", begin);
    }
}
