package io.seqmnist.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.seqmnist.model.ModelKind;
import org.junit.jupiter.api.Test;

/** The recipes: the assignment's for every model; the tuned one per built-in counterpart. */
class RecipeTest {

    @Test
    void theAssignmentRecipeIsAdamAtAConstantRateForEveryModel() {
        for (ModelKind kind : ModelKind.values()) {
            TrainConfig config = TrainConfig.defaults(kind);
            assertEquals(config, config.with(Recipe.ASSIGNMENT, Recipe.ASSIGNMENT.settings(kind)), kind.cliName());
            assertEquals(new TrainingSettings(LrSchedule.CONSTANT, 0.001f, 0.0, 0, 0),
                    Recipe.ASSIGNMENT.settings(kind));
        }
    }

    @Test
    void fromScratchAndHandWrittenUnitsTrainAsTheirBuiltInCounterpart() {
        assertEquals(Recipe.TUNED.settings(ModelKind.RNN), Recipe.TUNED.settings(ModelKind.SCRATCH_RNN));
        assertEquals(Recipe.TUNED.settings(ModelKind.RNN), Recipe.TUNED.settings(ModelKind.FAST_RNN));
        assertEquals(Recipe.TUNED.settings(ModelKind.GRU), Recipe.TUNED.settings(ModelKind.SCRATCH_GRU));
        assertEquals(Recipe.TUNED.settings(ModelKind.GRU), Recipe.TUNED.settings(ModelKind.FAST_GRU));
        assertEquals(Recipe.TUNED.settings(ModelKind.LSTM), Recipe.TUNED.settings(ModelKind.SCRATCH_LSTM));
        for (ModelKind kind : ModelKind.values()) {
            assertNotEquals(Recipe.ASSIGNMENT.settings(kind), Recipe.TUNED.settings(kind), kind.cliName());
        }
    }

    /** A recipe's warm-up left to its schedule resolves against the run's epochs. */
    @Test
    void aScheduleWithoutAGivenWarmUpGetsItsOwn() {
        TrainingSettings onecycle = new TrainingSettings(LrSchedule.ONECYCLE, 0.004f, null, 0, 0);
        assertEquals(3.0, TrainConfig.defaults(ModelKind.LSTM).with(Recipe.TUNED, onecycle).warmupEpochs(), 1e-12);
        assertEquals(1.5, TrainConfig.defaults(ModelKind.LSTM).withEpochs(5).with(Recipe.TUNED, onecycle)
                .warmupEpochs(), 1e-12);
        TrainConfig given = TrainConfig.defaults(ModelKind.LSTM).with(Recipe.TUNED, onecycle.withWarmup(1));
        assertEquals(1.0, given.warmupEpochs(), 0);
        assertEquals(Recipe.TUNED, given.recipe());
    }
}
