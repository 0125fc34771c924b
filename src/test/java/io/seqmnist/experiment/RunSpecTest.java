package io.seqmnist.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.seqmnist.UserError;
import io.seqmnist.model.ModelKind;
import io.seqmnist.train.TrainConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunSpecTest {

    @Test
    void aSpecNamesTheModelAndItsOwnSettings() {
        RunSpec spec = RunSpec.parse(" rnn:h=268 ", "--models");
        assertEquals(ModelKind.RNN, spec.model());
        assertEquals(Map.of("h", 268), spec.settings());
        assertEquals("rnn:h=268", spec.toString());
        assertEquals("rnn-h268", spec.folderName());
        assertEquals("gru", RunSpec.parse("gru", "--models").toString());
        assertEquals(RunSpec.parse("rnn:h=268", "x"), RunSpec.parse("rnn: h = 268", "x"));
    }

    @Test
    void itsSettingsOverrideTheCommandsForThisRunAlone() {
        TrainConfig base = TrainConfig.defaults(ModelKind.GRU).with(c -> c.hiddenSize = 64);
        TrainConfig rnn = RunSpec.parse("rnn:h=268", "--models").applyTo(base);
        assertEquals(ModelKind.RNN, rnn.model());
        assertEquals(268, rnn.hiddenSize());
        assertEquals(64, RunSpec.parse("lstm", "--models").applyTo(base).hiddenSize());
    }

    @Test
    void aSpecSetsTheSequenceLengthAndThePermutationOfItsRunAndNamesItsFolderByThem() {
        TrainConfig base = TrainConfig.defaults(ModelKind.RNN);
        RunSpec spec = RunSpec.parse("gru:seq-len=784,permute=0", "--models");
        TrainConfig gru = spec.applyTo(base);
        assertEquals(784, gru.seqLen());
        assertEquals(0, gru.permute());
        assertEquals(784, gru.layout().steps());
        assertEquals(1, gru.layout().stepWidth());
        assertEquals("gru:permute=0,seq-len=784", spec.toString());
        assertEquals("gru-permute0-seq-len784", spec.folderName());
        assertEquals(28, RunSpec.parse("gru", "--models").applyTo(base).seqLen());
        assertEquals(
                List.of("rnn:h=258,seq-len=784", "gru:seq-len=784,permute=0"),
                List.of("rnn:h=258,seq-len=784,gru:seq-len=784,permute=0".split(RunSpec.LIST_SPLIT)));
    }

    @Test
    void aListSplitsBetweenSpecsNotBetweenOneSpecsSettings() {
        assertEquals(List.of("rnn:h=268", "gru", "lstm"), List.of("rnn:h=268,gru,lstm".split(RunSpec.LIST_SPLIT)));
        assertEquals(List.of("rnn:h=3,h=4", "gru"), List.of("rnn:h=3,h=4,gru".split(RunSpec.LIST_SPLIT)));
    }

    @Test
    void badSpecsGetOneLineNamingTheOptionAndWhatIsWrong() {
        assertEquals(
                "--models 'rnn:x=3': unknown setting 'x', expected h, seq-len, permute (as in rnn:h=268)",
                message("rnn:x=3"));
        assertEquals(
                "--models 'gru:seq-len=100': seq-len must divide 784 (1, 2, 4, 7, 8, 14, 16, 28, 49, 56, 98, 112,"
                        + " 196, 392, 784), got 100",
                message("gru:seq-len=100"));
        assertEquals("--models 'rnn:permute=-1': permute must be at least 0, got -1", message("rnn:permute=-1"));
        assertEquals("--models 'rnn:h=big': h needs a whole number, as in h=150", message("rnn:h=big"));
        assertEquals("--models 'rnn:h=0': h must be at least 1, got 0", message("rnn:h=0"));
        assertEquals("--models 'rnn:h=3,h=4': h is given twice", message("rnn:h=3,h=4"));
        assertEquals("unknown model 'nosuch', expected one of: " + ModelKind.names(), message("nosuch:h=3"));
    }

    @Test
    void aPlanRefusesTwoSpecsOfOneRunAndNamesFoldersBySpec() {
        List<RunSpec> specs = List.of(RunSpec.parse("rnn", "m"), RunSpec.parse("rnn:h=268", "m"));
        RunPlan plan = RunPlan.of(
                specs,
                1,
                List.of(io.seqmnist.train.Recipe.ASSIGNMENT),
                (model, seed, recipe) -> TrainConfig.defaults(model),
                java.nio.file.Path.of("out"));
        assertEquals(
                List.of("rnn-seed0", "rnn-h268-seed0"),
                plan.runs().stream().map(RunPlan.Run::name).toList());
        assertEquals(
                List.of(150, 268),
                plan.runs().stream().map(r -> r.config().hiddenSize()).toList());
        assertThrows(
                RuntimeException.class,
                () -> RunPlan.of(
                        List.of(RunSpec.parse("rnn:h=8", "m"), RunSpec.parse("rnn:h=8", "m")),
                        1,
                        List.of(io.seqmnist.train.Recipe.ASSIGNMENT),
                        (model, seed, recipe) -> TrainConfig.defaults(model),
                        java.nio.file.Path.of("out")));
    }

    private static String message(String spec) {
        return assertThrows(UserError.class, () -> RunSpec.parse(spec, "--models"))
                .getMessage();
    }
}
