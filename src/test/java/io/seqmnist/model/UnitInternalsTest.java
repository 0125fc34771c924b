package io.seqmnist.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The internals recomputed from a unit's parameters are the unit's own: h[t] (and an LSTM's c[t]) equal what the unit
 * itself outputs, for every row, from a random non-zero initial state; and the gates reported are the ones that made
 * that state.
 */
public class UnitInternalsTest {

    static final double TOLERANCE = 1e-5;
    static final int ROWS = ModelDefaults.INPUT_SIZE;

    static Stream<Arguments> units() {
        List<String> rnn = List.of("a", "h");
        List<String> gru = List.of("r", "z", "n", "h");
        List<String> lstm = List.of("i", "f", "o", "g", "h", "c");
        return Stream.of(
                Arguments.of("rnn", 150, 16, rnn), // the assignment's hidden size
                Arguments.of("gru", 150, 16, gru),
                Arguments.of("lstm", 150, 16, lstm),
                Arguments.of("rnn", 20, 3, rnn), // other sizes: no accidental fit to 150
                Arguments.of("gru", 20, 3, gru),
                Arguments.of("lstm", 20, 3, lstm),
                Arguments.of("scratch-rnn", 20, 4, rnn),
                Arguments.of("scratch-gru", 20, 4, gru),
                Arguments.of("scratch-lstm", 20, 4, lstm));
        // fast-rnn and fast-gru need the accelerator: accel/FastUnitInternalsTest runs them
    }

    @ParameterizedTest(name = "{0} hidden {1} batch {2}")
    @MethodSource("units")
    void recomputedStatesEqualTheUnitsOwnForEveryRow(String name, int hidden, int batch, List<String> names) {
        assertRecomputedStatesEqualTheUnitsOwn(name, hidden, batch, names);
    }

    /** h[t] (and c[t]) recomputed for every row equal the unit's own, from a random initial state. */
    public static void assertRecomputedStatesEqualTheUnitsOwn(String name, int hidden, int batch, List<String> names) {
        ModelKind kind = ModelKind.parse(name);
        try (Model model = Model.newInstance(name);
                NDManager manager = model.getNDManager().newSubManager()) {
            Engine.getInstance().setRandomSeed(7);
            RecurrentClassifier classifier = (RecurrentClassifier) kind.create(hidden);
            model.setBlock(classifier);
            Shape xShape = new Shape(batch, ROWS, ModelDefaults.INPUT_SIZE);
            classifier.initialize(model.getNDManager(), DataType.FLOAT32, xShape);
            NDArray x = manager.randomUniform(0, 1, xShape);
            NDList initial = new NDList();
            for (int s = 0; s < (names.contains("c") ? 2 : 1); s++) {
                initial.add(manager.randomUniform(-1, 1, new Shape(1, batch, hidden)));
            }

            UnitInternals internals = UnitInternals.of(classifier, x, initial);
            assertEquals(names, internals.names());
            for (String n : names) {
                assertEquals(new Shape(batch, ROWS, hidden), internals.get(n).getShape(), n);
            }

            ParameterStore parameters = new ParameterStore(manager, false);
            NDList out = classifier.unit().forward(parameters, new NDList(x).addAll(initial), false);
            assertClose(out.get(0), internals.get("h"), "h[t], t = 1.." + ROWS);
            if (names.contains("c")) { // the unit returns c only after its last row: give it t rows
                for (int t = 1; t <= ROWS; t++) {
                    NDArray firstRows = x.get(":, 0:" + t + ", :");
                    NDArray cT = classifier
                            .unit()
                            .forward(parameters, new NDList(firstRows).addAll(initial), false)
                            .get(2)
                            .squeeze(0);
                    assertClose(cT, internals.get("c").get(":, " + (t - 1) + ", :"), "c[" + t + "]");
                }
            }
            assertGatesMadeTheState(internals, initial);
            assertStateChange(internals, initial);
        }
    }

    /** Each gate is a sigmoid, and the state update run on the reported values gives h (and c). */
    static void assertGatesMadeTheState(UnitInternals internals, NDList initial) {
        for (String gate : internals.gates()) {
            NDArray g = internals.get(gate);
            assertTrue(g.min().getFloat() >= 0 && g.max().getFloat() <= 1, gate + " in [0, 1]");
        }
        NDArray h = internals.get("h");
        NDArray hBefore = before(h, initial.get(0));
        switch (internals.gates().size()) {
            case 0 -> assertClose(h, internals.get("a").tanh(), "h = tanh(a)");
            case 2 -> {
                NDArray z = internals.get("z");
                assertClose(h, z.neg().add(1).mul(internals.get("n")).add(z.mul(hBefore)), "h = (1 - z) n + z h[t-1]");
                assertTrue(
                        internals.get("r").sub(internals.get("z")).abs().max().getFloat() > 1e-3,
                        "r and z are different gates");
            }
            case 3 -> {
                NDArray c = internals.get("c");
                assertClose(
                        c,
                        internals
                                .get("f")
                                .mul(before(c, initial.get(1)))
                                .add(internals.get("i").mul(internals.get("g"))),
                        "c = f c[t-1] + i g");
                assertClose(h, internals.get("o").mul(c.tanh()), "h = o tanh(c)");
            }
            default -> throw new AssertionError("unexpected gates " + internals.gates());
        }
    }

    /** ||s[t] - s[t-1]|| for each state s (h, and c), by plain Java, for every image and row. */
    static void assertStateChange(UnitInternals internals, NDList initial) {
        assertEquals(initial.size() == 2 ? List.of("h", "c") : List.of("h"), internals.states());
        assertEquals(
                internals.change("h").toFloatArray().length,
                internals.stateChange().toFloatArray().length);
        for (int k = 0; k < initial.size(); k++) {
            String state = internals.states().get(k);
            NDArray values = internals.get(state);
            int batch = (int) values.size(0);
            int hidden = (int) values.size(2);
            float[] all = values.toFloatArray();
            float[] first = initial.get(k).toFloatArray(); // (1, B, H)
            float[] change = internals.change(state).toFloatArray();
            assertEquals(batch * ROWS, change.length);
            for (int b = 0; b < batch; b++) {
                for (int t = 0; t < ROWS; t++) {
                    double sum = 0;
                    for (int u = 0; u < hidden; u++) {
                        float now = all[(b * ROWS + t) * hidden + u];
                        float then = t == 0 ? first[b * hidden + u] : all[(b * ROWS + t - 1) * hidden + u];
                        sum += (now - then) * (now - then);
                    }
                    assertEquals(
                            Math.sqrt(sum), change[b * ROWS + t], 1e-4, state + ", image " + b + " row " + (t + 1));
                }
            }
        }
        assertThrows(
                IllegalArgumentException.class,
                () -> internals.change(internals.names().get(0)));
    }

    /** The value at t - 1 for every t: the initial state (1, B, H), then rows 1..T-1. */
    static NDArray before(NDArray perRow, NDArray initial) {
        return NDArrays.concat(
                new NDList(initial.squeeze(0).expandDims(1), perRow.get(":, 0:" + (ROWS - 1) + ", :")), 1);
    }

    /** max|a - b| within the tolerance, relative to max(1, max|a|). */
    static void assertClose(NDArray expected, NDArray actual, String what) {
        assertEquals(expected.getShape(), actual.getShape(), what);
        double difference = expected.sub(actual).abs().max().getFloat();
        double size = Math.max(1, expected.abs().max().getFloat());
        assertTrue(
                difference <= TOLERANCE * size,
                what + ": differs by " + difference + " (limit " + TOLERANCE * size + ")");
    }

    @Test
    void refusesAUnitWithoutTheRecurrentParameters() {
        try (Model model = Model.newInstance("odd");
                NDManager manager = model.getNDManager().newSubManager()) {
            RecurrentClassifier classifier =
                    new RnnClassifier(Linear.builder().setUnits(5).build(), 5);
            model.setBlock(classifier);
            classifier.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(2, ROWS, ROWS));
            IllegalStateException e = assertThrows(
                    IllegalStateException.class,
                    () -> UnitInternals.of(classifier, manager.ones(new Shape(2, ROWS, ROWS))));
            assertTrue(e.getMessage().contains("l_0_i2h_WEIGHT"), e.getMessage());
        }
    }
}
