package io.seqmnist.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.seqmnist.model.ModelKind;
import org.junit.jupiter.api.Test;

/** The recipes: the assignment's for every model; the tuned one per built-in counterpart. */
class RecipeTest {

    @Test
    void theAssignmentRecipeIsAdamAtAConstantRateForEveryModel() {
        for (ModelKind kind : ModelKind.all()) {
            TrainConfig config = TrainConfig.defaults(kind);
            assertEquals(config, config.with(c -> c.optimization = Recipe.ASSIGNMENT.settings(kind)), kind.cliName());
            assertEquals(
                    new TrainConfig.Optimization(LrSchedule.CONSTANT, 0.001f, 0.0, 0, 0),
                    Recipe.ASSIGNMENT.settings(kind));
        }
    }

    @Test
    void fromScratchAndHandWrittenUnitsTrainAsTheirBuiltInCounterpart() {
        assertEquals(Recipe.TUNED.settings(ModelKind.RNN), Recipe.TUNED.settings(ModelKind.SCRATCH_RNN));
        assertEquals(Recipe.TUNED.settings(ModelKind.GRU), Recipe.TUNED.settings(ModelKind.SCRATCH_GRU));
        assertEquals(Recipe.TUNED.settings(ModelKind.LSTM), Recipe.TUNED.settings(ModelKind.SCRATCH_LSTM));
        for (ModelKind kind : ModelKind.all()) {
            assertNotEquals(Recipe.ASSIGNMENT.settings(kind), Recipe.TUNED.settings(kind), kind.cliName());
        }
    }

    /** A recipe's warm-up left to its schedule resolves against the run's epochs. */
    @Test
    void aScheduleWithoutAGivenWarmUpGetsItsOwn() {
        TrainConfig.Optimization onecycle = new TrainConfig.Optimization(LrSchedule.ONECYCLE, 0.004f, null, 0, 0);
        TrainConfig lstm = TrainConfig.defaults(ModelKind.LSTM);
        assertEquals(
                3.0, lstm.with(c -> c.optimization = onecycle).optimization().warmupEpochs(), 1e-12);
        assertEquals(
                1.5,
                lstm.with(c -> {
                            c.epochs = 5;
                            c.optimization = onecycle;
                        })
                        .optimization()
                        .warmupEpochs(),
                1e-12);
        TrainConfig given = lstm.with(c -> {
            c.recipe = Recipe.TUNED;
            c.optimization = new TrainConfig.Optimization(LrSchedule.ONECYCLE, 0.004f, 1.0, 0, 0);
        });
        assertEquals(1.0, given.optimization().warmupEpochs(), 0);
        assertEquals(Recipe.TUNED, given.recipe());
    }
}
