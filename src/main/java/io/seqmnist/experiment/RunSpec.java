package io.seqmnist.experiment;

import io.seqmnist.UserError;
import io.seqmnist.data.SequenceLayout;
import io.seqmnist.model.ModelDefaults;
import io.seqmnist.model.ModelKind;
import io.seqmnist.train.TrainConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A run's model and its own settings, as every command that takes models names them: {@code MODEL[:key=value,...]}, for
 * example {@code rnn:h=268} (an RNN of 268 hidden units). A setting given here overrides the command's option for this
 * run alone, so one {@code compare} can hold two RNNs of different sizes.
 *
 * <p>The spec, as given, names the run in tables and charts ({@link #toString}: {@code rnn:h=268}) and in folder names
 * ({@link #folderName}: {@code rnn-h268}).
 */
public record RunSpec(ModelKind model, Map<String, Integer> settings) {

    /**
     * A setting a spec can carry: its key, its default (for the error's example), its smallest value, and how it goes
     * into a config.
     */
    private record Setting(String key, int defaultValue, int min, Apply apply) {}

    private interface Apply {
        TrainConfig to(TrainConfig config, int value);
    }

    /**
     * How a list of specs splits (a regular expression, for picocli's {@code split}): at a comma, unless a setting
     * ({@code key=}) follows it, so {@code rnn:h=268,gru} is two specs.
     */
    public static final String LIST_SPLIT = ",(?![A-Za-z-]+=)";

    private static final Map<String, Setting> SETTINGS = new LinkedHashMap<>();

    static {
        add(new Setting("h", ModelDefaults.HIDDEN_SIZE, 1, (c, v) -> c.with(x -> x.hiddenSize = v)));
        // T, the steps an image is read in (784/T pixels a step): gru:seq-len=784 reads pixel by pixel
        add(new Setting("seq-len", TrainConfig.SEQ_LEN, 1, (c, v) -> c.with(x -> x.seqLen = v)));
        // the seed of the fixed pixel permutation (permuted MNIST): rnn:seq-len=784,permute=0
        add(new Setting("permute", 0, 0, (c, v) -> c.with(x -> x.permute = v)));
    }

    private static void add(Setting s) {
        SETTINGS.put(s.key(), s);
    }

    public RunSpec {
        settings = Map.copyOf(new TreeMap<>(settings));
    }

    public static RunSpec of(ModelKind model) {
        return new RunSpec(model, Map.of());
    }

    /**
     * The spec of a text such as {@code rnn:h=268}, or a one-line error naming it.
     *
     * @param option the option the text came from, for the error (e.g. "--models")
     */
    public static RunSpec parse(String text, String option) {
        String trimmed = text.trim();
        int colon = trimmed.indexOf(':');
        ModelKind model = ModelKind.parse(colon < 0 ? trimmed : trimmed.substring(0, colon));
        Map<String, Integer> settings = new TreeMap<>();
        if (colon >= 0) {
            for (String pair : trimmed.substring(colon + 1).split(",", -1)) {
                int eq = pair.indexOf('=');
                String key = eq < 0 ? pair.trim() : pair.substring(0, eq).trim();
                if (!SETTINGS.containsKey(key)) {
                    throw new UserError(option + " '" + trimmed + "': unknown setting '" + key + "', expected "
                            + String.join(", ", SETTINGS.keySet()) + " (as in rnn:h=268)");
                }
                int value;
                try {
                    value = Integer.parseInt(
                            eq < 0 ? "" : pair.substring(eq + 1).trim());
                } catch (NumberFormatException e) {
                    throw new UserError(option + " '" + trimmed + "': " + key + " needs a whole number, as in " + key
                            + "=" + SETTINGS.get(key).defaultValue());
                }
                int min = SETTINGS.get(key).min();
                if (value < min) {
                    throw new UserError(
                            option + " '" + trimmed + "': " + key + " must be at least " + min + ", got " + value);
                }
                if (key.equals("seq-len")) {
                    SequenceLayout.requireLength(value, option + " '" + trimmed + "': seq-len");
                }
                if (settings.put(key, value) != null) {
                    throw new UserError(option + " '" + trimmed + "': " + key + " is given twice");
                }
            }
        }
        return new RunSpec(model, settings);
    }

    /** The base config with this spec's model and settings. */
    public TrainConfig applyTo(TrainConfig base) {
        TrainConfig config = base.with(c -> c.model = model);
        for (Map.Entry<String, Integer> e : settings.entrySet()) {
            config = SETTINGS.get(e.getKey()).apply().to(config, e.getValue());
        }
        return config;
    }

    /** This spec less one setting: {@code gru:permute=0,seq-len=784} without seq-len is {@code gru:permute=0}. */
    public RunSpec without(String key) {
        Map<String, Integer> rest = new TreeMap<>(settings);
        rest.remove(key);
        return new RunSpec(model, rest);
    }

    /** The spec as the command line writes it: {@code rnn}, {@code rnn:h=268}. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(model.cliName());
        String sep = ":";
        for (Map.Entry<String, Integer> e : new TreeMap<>(settings).entrySet()) {
            text.append(sep).append(e.getKey()).append('=').append(e.getValue());
            sep = ",";
        }
        return text.toString();
    }

    /** The spec as a file or folder name, on every OS: {@code rnn}, {@code rnn-h268}. */
    public String folderName() {
        StringBuilder name = new StringBuilder(model.cliName());
        for (Map.Entry<String, Integer> e : new TreeMap<>(settings).entrySet()) {
            name.append('-').append(e.getKey()).append(e.getValue());
        }
        return name.toString();
    }
}
