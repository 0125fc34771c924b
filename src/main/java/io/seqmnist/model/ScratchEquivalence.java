package io.seqmnist.model;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.UniformInitializer;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import io.seqmnist.model.scratch.ScratchGru;
import io.seqmnist.model.scratch.ScratchLstm;
import io.seqmnist.model.scratch.ScratchRnn;
import io.seqmnist.model.scratch.ScratchUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/**
 * The proof that a from-scratch unit computes what DJL's built-in unit computes, forward and backward, in the spirit of
 * micrograd's test against PyTorch: the same parameters (copied from the built-in unit), the same random mini-batch and
 * random non-zero initial state(s), the same loss; then outputs, last states and every parameter's gradient are
 * compared. Used by {@code check-scratch} and by the tests.
 */
public final class ScratchEquivalence {

    /** The largest relative difference that still counts as equal (float32 over 28 steps). */
    public static final double TOLERANCE = 1e-5;

    private static final int STEPS = ModelDefaults.INPUT_SIZE; // 28 rows
    private static final int INPUT_SIZE = ModelDefaults.INPUT_SIZE;
    private static final String[] STATE_NAMES = {"h_T", "c_T"};

    /** A built-in unit and its from-scratch counterpart. */
    public record UnitPair(String name, IntFunction<Block> builtIn, IntFunction<ScratchUnit> scratch) {}

    public static final List<UnitPair> PAIRS = List.of(
            new UnitPair("rnn", RnnClassifier::builtIn, ScratchRnn::new),
            new UnitPair("gru", GruClassifier::builtIn, ScratchGru::new),
            new UnitPair("lstm", LstmClassifier::builtIn, ScratchLstm::new));

    /** One compared quantity: max|a - b| / max|a|, a the built-in's value. */
    public record Difference(String what, double relative) {}

    /** Every difference of one pair. */
    public record Result(String unit, List<Difference> differences) {

        public double worst() {
            return differences.stream().mapToDouble(Difference::relative).max().orElse(0);
        }

        /** NaN never passes. */
        public boolean within(double tolerance) {
            return differences.stream().allMatch(d -> d.relative() <= tolerance);
        }

        /** One line for {@code check-scratch}. */
        public String line() {
            StringBuilder s = new StringBuilder(String.format("%-4s vs scratch-%-4s", unit, unit));
            for (Difference d : differences) {
                s.append(String.format(Locale.ROOT, "  %s %.1e", d.what(), d.relative()));
            }
            boolean ok = within(TOLERANCE);
            s.append(String.format(
                    Locale.ROOT, "  -> %s (worst %.1e, limit %.0e)", ok ? "equal" : "DIFFERENT", worst(), TOLERANCE));
            return s.toString();
        }
    }

    private ScratchEquivalence() {}

    /**
     * Compares every pair at the default hidden size ({@code check-scratch}): hands {@code lines} a header, then each
     * pair's {@link Result#line} as it is done; true when all are equal within {@link #TOLERANCE}.
     */
    public static boolean compareAll(int batchSize, long seed, Consumer<String> lines) {
        lines.accept(String.format(
                "relative differences max|built-in - scratch| / max|built-in|, " + "batch %d, hidden %d, seed %d",
                batchSize, ModelDefaults.HIDDEN_SIZE, seed));
        boolean allEqual = true;
        for (UnitPair pair : PAIRS) {
            Result result = compare(pair, ModelDefaults.HIDDEN_SIZE, batchSize, seed);
            lines.accept(result.line());
            allEqual &= result.within(TOLERANCE);
        }
        return allEqual;
    }

    public static Result compare(UnitPair pair, int hiddenSize, int batchSize, long seed) {
        return compare(
                pair.name(), pair.builtIn().apply(hiddenSize), pair.scratch().apply(hiddenSize), batchSize, seed);
    }

    /**
     * Compares {@code scratch} with {@code builtIn}: both get the same PyTorch-style uniform parameters (drawn for the
     * built-in unit, then copied), the same inputs and the same loss sum(sequence * R0) + sum(h_T * R1) [+ sum(c_T *
     * R2)] with fixed random R.
     *
     * @throws IllegalStateException when the parameters differ in name, order or shape
     */
    public static Result compare(String name, Block builtIn, ScratchUnit scratch, int batchSize, long seed) {
        int hidden = scratch.hiddenSize();
        int states = scratch.stateCount();
        Shape xShape = new Shape(batchSize, STEPS, INPUT_SIZE);
        Shape stateShape = new Shape(1, batchSize, hidden);
        try (NDManager manager = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(Math.toIntExact(seed));
            // Uniform, not DJL's default (zero biases): non-zero biases are compared too.
            builtIn.setInitializer(new UniformInitializer((float) (1 / Math.sqrt(hidden))), p -> true);
            builtIn.initialize(manager, DataType.FLOAT32, xShape);
            copyParameters(builtIn.getParameters(), scratch.getParameters());
            scratch.initialize(manager, DataType.FLOAT32, xShape);

            NDList inputs = new NDList(manager.randomUniform(0, 1, xShape));
            NDList lossWeights = new NDList(manager.randomNormal(new Shape(batchSize, STEPS, hidden)));
            for (int i = 0; i < states; i++) {
                inputs.add(manager.randomUniform(-1, 1, stateShape));
                lossWeights.add(manager.randomNormal(stateShape));
            }
            Run expected = run(manager, builtIn, inputs, lossWeights);
            Run actual = run(manager, scratch, inputs, lossWeights);

            List<Difference> differences = new ArrayList<>();
            differences.add(new Difference("output", relative(expected.outputs.get(0), actual.outputs.get(0))));
            for (int i = 0; i < states; i++) {
                differences.add(new Difference(
                        STATE_NAMES[i], relative(expected.outputs.get(1 + i), actual.outputs.get(1 + i))));
            }
            for (int i = 0; i < expected.gradients.size(); i++) {
                differences.add(new Difference(
                        "grad " + expected.gradients.get(i).getName(),
                        relative(expected.gradients.get(i), actual.gradients.get(i))));
            }
            return new Result(name, differences);
        }
    }

    private record Run(NDList outputs, NDList gradients) {}

    private static Run run(NDManager manager, Block unit, NDList inputs, NDList lossWeights) {
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDList outputs = unit.forward(new ParameterStore(manager, false), new NDList(inputs), true);
            NDArray loss = outputs.get(0).mul(lossWeights.get(0)).sum();
            for (int i = 1; i < lossWeights.size(); i++) {
                loss = loss.add(outputs.get(i).mul(lossWeights.get(i)).sum());
            }
            collector.backward(loss);
            NDList gradients = new NDList();
            for (Pair<String, Parameter> p : unit.getParameters()) {
                NDArray gradient = p.getValue().getArray().getGradient();
                gradient.setName(p.getValue().getName());
                gradients.add(gradient);
            }
            return new Run(outputs, gradients);
        }
    }

    /**
     * Makes {@code to} start from the values of {@code from}, position by position, after checking that names match one
     * to one; the shapes are checked when {@code to} initialises. (An initializer rather than {@code copyTo}: setting a
     * leaf's data makes libtorch warn.)
     */
    static void copyParameters(PairList<String, Parameter> from, PairList<String, Parameter> to) {
        if (!names(from).equals(names(to))) {
            throw new IllegalStateException("parameters differ: built-in " + names(from) + ", scratch " + names(to));
        }
        for (int i = 0; i < from.size(); i++) {
            String name = from.keyAt(i);
            NDArray source = from.valueAt(i).getArray();
            to.valueAt(i).setInitializer((manager, shape, dataType) -> {
                if (!shape.equals(source.getShape())) {
                    throw new IllegalStateException(
                            name + ": built-in shape " + source.getShape() + ", scratch shape " + shape);
                }
                return manager.create(source.toFloatArray(), shape);
            });
        }
    }

    private static List<String> names(PairList<String, Parameter> parameters) {
        return parameters.values().stream().map(Parameter::getName).toList();
    }

    /** max|a - b| / max|a|; a zero a falls back to the absolute difference. */
    static double relative(NDArray a, NDArray b) {
        if (!a.getShape().equals(b.getShape())) {
            throw new IllegalStateException("shapes differ: " + a.getShape() + " vs " + b.getShape());
        }
        double difference = a.sub(b).abs().max().getFloat();
        double size = a.abs().max().getFloat();
        return size > 0 ? difference / size : difference;
    }
}
