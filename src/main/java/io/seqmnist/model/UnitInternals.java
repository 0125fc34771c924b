package io.seqmnist.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Parameter;
import io.seqmnist.model.scratch.ScratchUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a recurrent unit computes inside as it reads a batch of images, row by row: its gates, the other values on the
 * way, and its state(s), for every image and every row t = 1..T. They are derived from the unit's own parameters
 * ({@code l_0_i2h_WEIGHT} etc.) with the unit's own equations ({@link RecurrentClassifier#equations()}, the
 * from-scratch units'), so they are the same for DJL's built-in unit and for the from-scratch or hand-written ones.
 *
 * <p>Names: an Elman RNN has a (the pre-activation) and h; a GRU r, z, n and h; an LSTM i, f, g, o, c and h. Each value
 * is (B, T, H): entry [b, t - 1] is image b's after row t.
 */
public final class UnitInternals {

    private static final List<String> STATE_NAMES = List.of("h", "c");

    private final Map<String, NDArray> values;
    private final List<String> gates;
    private final NDList initialState;

    private UnitInternals(Map<String, NDArray> values, List<String> gates, NDList initialState) {
        this.values = values;
        this.gates = gates;
        this.initialState = initialState;
    }

    /** From the zero initial state, as the classifier reads an image. */
    public static UnitInternals of(RecurrentClassifier classifier, NDArray x) {
        return of(classifier, x, classifier.initialState(x.getManager(), x.size(0)));
    }

    /**
     * @param x the images, (B, T, in)
     * @param initialState the states before the first row as the unit takes them, each (1, B, H), h first
     */
    public static UnitInternals of(RecurrentClassifier classifier, NDArray x, NDList initialState) {
        ScratchUnit equations = classifier.equations();
        NDList state = new NDList(initialState.size());
        for (NDArray s : initialState) {
            state.add(s.squeeze(0));
        }
        Map<String, NDList> rows = new LinkedHashMap<>();
        equations.unroll(weightsOf(classifier), x, state, step -> {
            step.parts()
                    .forEach((name, value) ->
                            rows.computeIfAbsent(name, k -> new NDList()).add(value));
            for (int s = 0; s < step.state().size(); s++) {
                rows.computeIfAbsent(STATE_NAMES.get(s), k -> new NDList())
                        .add(step.state().get(s));
            }
        });
        // gates first, then the other values, then the states: a stable order for charts and JSON
        List<String> order = new ArrayList<>(equations.gates());
        rows.keySet().stream()
                .filter(n -> !order.contains(n) && !STATE_NAMES.contains(n))
                .sorted()
                .forEach(order::add);
        STATE_NAMES.stream().filter(rows::containsKey).forEach(order::add);
        Map<String, NDArray> values = new LinkedHashMap<>();
        for (String name : order) {
            values.put(name, NDArrays.stack(rows.get(name), 1));
        }
        return new UnitInternals(values, equations.gates(), state);
    }

    /** The unit's parameters by name, whatever block holds them. */
    static ScratchUnit.Weights weightsOf(RecurrentClassifier classifier) {
        Map<String, NDArray> byName = classifier.unit().getParameters().values().stream()
                .collect(Collectors.toMap(Parameter::getName, Parameter::getArray));
        return new ScratchUnit.Weights(
                parameter(byName, "l_0_i2h_WEIGHT"),
                parameter(byName, "l_0_h2h_WEIGHT"),
                parameter(byName, "l_0_i2h_BIAS"),
                parameter(byName, "l_0_h2h_BIAS"));
    }

    private static NDArray parameter(Map<String, NDArray> byName, String name) {
        NDArray value = byName.get(name);
        if (value == null) {
            throw new IllegalStateException(
                    "the recurrent unit has no parameter " + name + ", only " + byName.keySet());
        }
        return value;
    }

    /** Every name, gates first, states last. */
    public List<String> names() {
        return List.copyOf(values.keySet());
    }

    /** The names that are gates (sigmoids, in (0, 1)); none for an Elman RNN. */
    public List<String> gates() {
        return gates;
    }

    /** One value for every image and row, (B, T, H). */
    public NDArray get(String name) {
        NDArray value = values.get(name);
        if (value == null) {
            throw new IllegalArgumentException("no value '" + name + "', only " + values.keySet());
        }
        return value;
    }

    /** The mean of a value over the H units, (B, T). */
    public NDArray meanOverUnits(String name) {
        return get(name).mean(new int[] {2});
    }

    /** The names of the states: h, and c for an LSTM. */
    public List<String> states() {
        return STATE_NAMES.subList(0, initialState.size());
    }

    /** How far the hidden state moves on each row, ||h[t] - h[t-1]||, (B, T); h[0] is the initial state. */
    public NDArray stateChange() {
        return change("h");
    }

    /** How far a state (h or c) moves on each row, ||s[t] - s[t-1]||, (B, T); s[0] is the initial one. */
    public NDArray change(String state) {
        if (!states().contains(state)) {
            throw new IllegalArgumentException("'" + state + "' is not a state; the states are " + states());
        }
        NDArray s = get(state);
        NDArray initial = initialState.get(STATE_NAMES.indexOf(state));
        NDArray before =
                NDArrays.concat(new NDList(initial.expandDims(1), s.get(":, 0:" + (s.size(1) - 1) + ", :")), 1);
        return s.sub(before).square().sum(new int[] {2}).sqrt();
    }
}
