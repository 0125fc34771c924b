package io.seqmnist.train;

import ai.djl.nn.Block;
import ai.djl.training.Trainer;
import ai.djl.training.listener.TrainingListenerAdapter;
import io.seqmnist.model.HandWrittenBackward;
import java.util.ArrayList;
import java.util.List;

/**
 * Completes the backward pass of units that compute their own ({@link HandWrittenBackward}):
 * DJL calls listeners after the engine's backward and before the optimizer step.
 */
final class HandWrittenBackwardListener extends TrainingListenerAdapter {

    private final List<HandWrittenBackward> units = new ArrayList<>();

    HandWrittenBackwardListener(Block model) {
        collect(model);
    }

    private void collect(Block block) {
        if (block instanceof HandWrittenBackward unit) {
            units.add(unit);
        }
        block.getChildren().values().forEach(this::collect);
    }

    @Override
    public void onTrainingBatch(Trainer trainer, BatchData batchData) {
        for (HandWrittenBackward unit : units) {
            unit.completeBackward();
        }
    }
}
