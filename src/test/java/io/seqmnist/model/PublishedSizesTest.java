package io.seqmnist.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import io.seqmnist.data.Mnist;
import io.seqmnist.experiment.RunSpec;
import io.seqmnist.train.TrainConfig;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The sizes docs/LONG-SEQUENCES.md puts beside Bai, Kolter and Koltun's table (about 70k parameters each): counted on
 * networks built from the specs as a command builds them, read one pixel a step (input width 1).
 */
class PublishedSizesTest {

    @ParameterizedTest
    @CsvSource({
        "'rnn:seq-len=784', 24460",
        "'gru:seq-len=784', 70360",
        "'lstm:seq-len=784', 93310",
        "'rnn:h=258,seq-len=784', 69928",
        "'lstm:h=129,seq-len=784', 69412",
        // the rows, for contrast: the published sizes do not hold at input width 28
        "'gru', 82510"
    })
    void parameterCountsOfTheBuiltNetworks(String spec, long expected) {
        TrainConfig config = RunSpec.parse(spec, "--models").applyTo(TrainConfig.defaults(ModelKind.RNN));
        try (Model model = Model.newInstance("sizes")) {
            model.setBlock(config.model().create(config.hiddenSize()));
            int t = config.seqLen();
            model.getBlock().initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, t, Mnist.PIXELS / t));
            long count = 0;
            for (Pair<String, Parameter> p : model.getBlock().getParameters()) {
                count += p.getValue().getArray().size();
            }
            assertEquals(expected, count, spec);
        }
    }
}
