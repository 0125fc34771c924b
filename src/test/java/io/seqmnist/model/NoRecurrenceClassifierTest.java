package io.seqmnist.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.seqmnist.experiment.TrainRun;
import org.junit.jupiter.api.Test;

/** The recurrence ablations of Question 1 item 14: what each one reads, and its size. */
class NoRecurrenceClassifierTest {

    @Test
    void theLastRowReadoutSeesRow28AloneAndTheMeanSeesEveryRowInNoOrder() {
        try (Model last = model(ModelKind.RNN_LAST_ROW, 150);
                Model mean = model(ModelKind.RNN_ROW_MEAN, 150);
                NDManager manager = NDManager.newBaseManager()) {
            // H*28 + H (input layer, one bias: with W_hh = 0, b_hh adds nothing b_ih cannot) + 10H + 10
            assertEquals(5860, TrainRun.parameterCount(last));
            assertEquals(5860, TrainRun.parameterCount(mean));

            NDArray x = manager.randomUniform(0, 1, new Shape(4, 28, 28));
            NDArray otherRows = x.duplicate();
            otherRows.set(new ai.djl.ndarray.index.NDIndex(":, 0:27, :"), 0.5f);
            NDArray reversed = x.flip(1);

            assertEquals(new Shape(4, 10), logits(last, x).getShape());
            assertEquals(
                    0f, logits(last, x).sub(logits(last, otherRows)).abs().max().getFloat());
            assertTrue(logits(mean, x).sub(logits(mean, otherRows)).abs().max().getFloat() > 1e-4);
            assertTrue(logits(mean, x).sub(logits(mean, reversed)).abs().max().getFloat() < 1e-5);
            assertTrue(logits(last, x).sub(logits(last, reversed)).abs().max().getFloat() > 1e-4);
        }
    }

    @Test
    void theFeedForwardNetOfTheRnnsSizeHas36Units() {
        try (Model fnn = model(ModelKind.FNN, 36)) {
            assertEquals(28630, TrainRun.parameterCount(fnn)); // 784*36 + 36 + 36*10 + 10, the RNN has 28,510
        }
    }

    private static Model model(ModelKind kind, int hidden) {
        Engine.getInstance().setRandomSeed(0);
        Model model = Model.newInstance(kind.cliName());
        model.setBlock(kind.create(hidden));
        model.getBlock().initialize(model.getNDManager(), DataType.FLOAT32, new Shape(4, 28, 28));
        return model;
    }

    private static NDArray logits(Model model, NDArray x) {
        return model.getBlock()
                .forward(new ParameterStore(model.getNDManager(), false), new NDList(x), false)
                .head();
    }
}
