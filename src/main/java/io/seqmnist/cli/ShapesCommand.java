package io.seqmnist.cli;

import io.seqmnist.train.TrainConfig;

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
import io.seqmnist.UserError;
import io.seqmnist.data.Mnist;
import io.seqmnist.data.SequenceBatches;
import io.seqmnist.model.ModelDefaults;
import io.seqmnist.model.ModelKind;
import io.seqmnist.model.RecurrentClassifier;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Question 1 item 11: one real mini-batch through the model, every shape on the way. */
@Command(name = "shapes", description = "Run one real mini-batch through a model and print every shape.")
public final class ShapesCommand implements Callable<Integer> {

    @Option(names = "--model", defaultValue = "rnn", description = "model kind (default: ${DEFAULT-VALUE})")
    String model;

    @Option(names = "--batch-size", defaultValue = "" + TrainConfig.BATCH_SIZE, description = "mini-batch size (default: ${DEFAULT-VALUE})")
    int batchSize;

    @Option(names = "--hidden", defaultValue = "" + ModelDefaults.HIDDEN_SIZE, description = "hidden state size (default: ${DEFAULT-VALUE})")
    int hidden;

    @Mixin DataOptions data;
    @Mixin EngineOptions engine;

    @Override
    public Integer call() {
        if (batchSize < 1) {
            throw new UserError("--batch-size must be at least 1, got " + batchSize);
        }
        if (hidden < 1) {
            throw new UserError("--hidden must be at least 1, got " + hidden);
        }
        engine.apply(); // the engine's backend may add models
        ModelKind kind = ModelKind.parse(model);
        Mnist.Split test = data.load().test().first(batchSize);
        Engine.getInstance().setRandomSeed(TrainConfig.SEED);
        try (Model m = Model.newInstance(kind.cliName());
                NDManager manager = m.getNDManager().newSubManager()) {
            m.setBlock(kind.create(hidden));
            NDArray x = SequenceBatches.images(manager, test);
            m.getBlock().initialize(m.getNDManager(), DataType.FLOAT32, x.getShape());
            ParameterStore parameters = new ParameterStore(manager, false);
            System.out.printf("model %s: %s%n", kind, kind.description());
            print("input x (batch, T, input)", x.getShape());
            if (m.getBlock() instanceof RecurrentClassifier rc) {
                RecurrentClassifier.Pass pass = rc.run(parameters, x, false);
                String[] names = {"h0", "c0"};
                for (int i = 0; i < pass.initialState().size(); i++) {
                    print("initial state " + names[i] + " (layers, batch, H)", pass.initialState().get(i).getShape());
                }
                print("hidden sequence h[1..T] (batch, T, H)", pass.hiddenSequence().getShape());
                String[] lastNames = {"h[T]", "c[T]"};
                for (int i = 0; i < pass.lastState().size(); i++) {
                    print("last state " + lastNames[i] + " (layers, batch, H)", pass.lastState().get(i).getShape());
                }
                print("output: logits of h[T] (batch, classes)", pass.logits().getShape());
            } else {
                NDList out = m.getBlock().forward(parameters, new NDList(x), false);
                print("output: logits (batch, classes)", out.head().getShape());
            }
            System.out.println("parameters:");
            long total = 0;
            for (Pair<String, Parameter> p : m.getBlock().getParameters()) {
                Shape shape = p.getValue().getArray().getShape();
                System.out.printf("  %-40s %s%n", p.getKey(), shape);
                total += shape.size();
            }
            System.out.printf("total parameters: %,d%n", total);
        }
        return 0;
    }

    private static void print(String what, Shape shape) {
        System.out.printf("%-45s %s%n", what, shape);
    }
}
