package io.seqmnist.model;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import io.seqmnist.data.Mnist;
import io.seqmnist.data.SequenceBatches;
import io.seqmnist.data.SequenceLayout;
import java.util.function.Consumer;

/**
 * One real mini-batch through a freshly initialised model, every shape on the way and every parameter's (Question 1
 * item 11, the {@code shapes} command). Here, beside the blocks it walks, so the walk follows
 * {@link RecurrentClassifier.Pass} wherever the model changes.
 */
public final class Shapes {

    private Shapes() {}

    /**
     * Hands {@code lines} the model, each tensor from input to logits, each parameter and the total, one line at a time
     * as the walk reaches them.
     */
    public static void walk(ModelKind kind, int hidden, Mnist.Split batch, int seed, Consumer<String> lines) {
        walk(kind, hidden, batch, SequenceLayout.DEFAULT, seed, lines);
    }

    /** The walk with the images read as {@code layout} says: (batch, T, 784/T). */
    public static void walk(
            ModelKind kind, int hidden, Mnist.Split batch, SequenceLayout layout, int seed, Consumer<String> lines) {
        Engine.getInstance().setRandomSeed(seed);
        try (Model m = Model.newInstance(kind.cliName());
                NDManager manager = m.getNDManager().newSubManager()) {
            m.setBlock(kind.create(hidden));
            NDArray x = SequenceBatches.images(manager, layout.apply(batch), layout.steps());
            m.getBlock().initialize(m.getNDManager(), DataType.FLOAT32, x.getShape());
            ParameterStore parameters = new ParameterStore(manager, false);
            lines.accept(String.format("model %s: %s", kind, kind.description()));
            lines.accept("sequence: " + layout.describe());
            lines.accept(line("input x (batch, T, input)", x.getShape()));
            if (m.getBlock() instanceof RecurrentClassifier rc) {
                RecurrentClassifier.Pass pass = rc.run(parameters, x, false);
                String[] names = {"h0", "c0"};
                for (int i = 0; i < pass.initialState().size(); i++) {
                    lines.accept(line(
                            "initial state " + names[i] + " (layers, batch, H)",
                            pass.initialState().get(i).getShape()));
                }
                lines.accept(line(
                        "hidden sequence h[1..T] (batch, T, H)",
                        pass.hiddenSequence().getShape()));
                String[] lastNames = {"h[T]", "c[T]"};
                for (int i = 0; i < pass.lastState().size(); i++) {
                    lines.accept(line(
                            "last state " + lastNames[i] + " (layers, batch, H)",
                            pass.lastState().get(i).getShape()));
                }
                lines.accept(line(
                        "output: logits of h[T] (batch, classes)", pass.logits().getShape()));
            } else {
                NDList out = m.getBlock().forward(parameters, new NDList(x), false);
                lines.accept(line("output: logits (batch, classes)", out.head().getShape()));
            }
            lines.accept("parameters:");
            long total = 0;
            for (Pair<String, Parameter> p : m.getBlock().getParameters()) {
                Shape shape = p.getValue().getArray().getShape();
                lines.accept(String.format("  %-40s %s", p.getKey(), shape));
                total += shape.size();
            }
            lines.accept(String.format("total parameters: %,d", total));
        }
    }

    private static String line(String what, Shape shape) {
        return String.format("%-45s %s", what, shape);
    }
}
