package io.seqmnist.experiment;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import com.google.gson.FieldNamingPolicy;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonWriter;
import io.seqmnist.AtomicFile;
import io.seqmnist.IoErrors;
import io.seqmnist.UserError;
import io.seqmnist.data.Mnist;
import io.seqmnist.data.SequenceLayout;
import io.seqmnist.model.ModelKind;
import io.seqmnist.train.EpochResult;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The folder a training run writes: checkpoint.bin and metrics.csv (rewritten as each epoch ends), the model in DJL's
 * format ({@code model-NNNN.params}) and summary.json (at the end, in that order: summary.json marks a finished run).
 * Every file is written to a temporary name, forced to the disk and renamed, so a reader or a crash never sees half a
 * file.
 */
public final class RunDirectory {

    public static final String METRICS = "metrics.csv";
    public static final String SUMMARY = "summary.json";
    public static final String GRADIENT_FLOW = "gradient-flow.csv";
    public static final String GRADIENT_FLOW_HEADER = "epoch,step,grad_h,grad_c";
    public static final String MODEL_NAME = "model";
    /** A permuted run's 784 pixel indices, as it applied them: {@link SequenceLayout#permutation()}. */
    public static final String PERMUTATION = "permutation.json";

    private static final Pattern MODEL_FILE = Pattern.compile("model-\\d{4}\\.params");
    private static final String MODEL_STAGING = "model.saving.tmp";

    static final Gson GSON = new GsonBuilder()
            .setPrettyPrinting()
            .setFieldNamingPolicy(FieldNamingPolicy.LOWER_CASE_WITH_UNDERSCORES)
            .serializeSpecialFloatingPointValues()
            .registerTypeAdapter(ModelKind.class, new ModelKindJson().nullSafe())
            .create();

    /** A model kind by its name as the files have always held it: RNN, SCRATCH_GRU, FAST_RNN. */
    private static final class ModelKindJson extends TypeAdapter<ModelKind> {
        @Override
        public void write(JsonWriter out, ModelKind kind) throws IOException {
            out.value(kind.cliName().toUpperCase(Locale.ROOT).replace('-', '_'));
        }

        @Override
        public ModelKind read(JsonReader in) throws IOException {
            return ModelKind.parse(in.nextString().toLowerCase(Locale.ROOT).replace('_', '-'));
        }
    }

    private final Path dir;

    public RunDirectory(Path dir) {
        this.dir = dir;
    }

    public Path path() {
        return dir;
    }

    /** Creates the folder, or fails with a one-line error when it cannot be written. */
    public RunDirectory create() {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            for (Path p = dir.toAbsolutePath(); p != null; p = p.getParent()) {
                if (Files.exists(p) && !Files.isDirectory(p)) {
                    throw new UserError(dir + ": cannot create output folder (" + p + " is a file, not a folder)");
                }
            }
            throw new UserError(dir + ": cannot create output folder (" + IoErrors.describe(e) + ")");
        }
        if (!Files.isWritable(dir)) {
            throw new UserError(dir + ": output folder is not writable");
        }
        return this;
    }

    /**
     * metrics.csv, a row an epoch; its held-out columns are named by the split the run evaluates on
     * ({@code test_accuracy}, or {@code validation_accuracy} for a run with a validation split).
     *
     * @param heldOut the split the run evaluates on: "test", or "validation"
     */
    public void writeMetrics(List<EpochResult> results, String heldOut) {
        String body = results.stream()
                .map(r -> String.format(
                        Locale.ROOT,
                        "%d,%.6f,%.6f,%.6f,%.3f,%.3f",
                        r.epoch(),
                        r.trainLoss(),
                        r.trainAccuracy(),
                        r.testAccuracy(),
                        r.trainSeconds(),
                        r.testSeconds()))
                .collect(Collectors.joining("\n"));
        writeAtomically(dir.resolve(METRICS), metricsHeader(heldOut) + "\n" + body + "\n");
    }

    /** The header of metrics.csv for a run evaluated on the given split ("test", "validation"). */
    public static String metricsHeader(String heldOut) {
        return "epoch,train_loss,train_accuracy," + heldOut + "_accuracy,train_seconds," + heldOut + "_seconds";
    }

    public List<EpochResult> readMetrics() {
        try {
            return Files.readAllLines(dir.resolve(METRICS)).stream()
                    .skip(1)
                    .filter(line -> !line.isBlank())
                    .map(line -> line.split(","))
                    .map(f -> new EpochResult(
                            Integer.parseInt(f[0]),
                            Double.parseDouble(f[1]),
                            Double.parseDouble(f[2]),
                            Double.parseDouble(f[3]),
                            Double.parseDouble(f[4]),
                            Double.parseDouble(f[5])))
                    .toList();
        } catch (IOException | RuntimeException e) {
            throw new UserError(dir.resolve(METRICS) + ": cannot read metrics (" + e + ")");
        }
    }

    /**
     * gradient-flow.csv, a row per epoch and step ({@link #GRADIENT_FLOW_HEADER}); grad_c is empty for a unit without a
     * cell state.
     */
    public void writeGradientFlow(List<EpochGradientFlow> epochs) {
        StringBuilder csv = new StringBuilder(GRADIENT_FLOW_HEADER).append('\n');
        for (EpochGradientFlow e : epochs) {
            for (int t = 0; t < e.gradH().length; t++) {
                String c = e.gradC() == null ? "" : String.format(Locale.ROOT, "%.6e", e.gradC()[t]);
                csv.append(String.format(Locale.ROOT, "%d,%d,%.6e,%s\n", e.epoch(), t + 1, e.gradH()[t], c));
            }
        }
        writeAtomically(dir.resolve(GRADIENT_FLOW), csv.toString());
    }

    /** The epochs of gradient-flow.csv in order; none when the run wrote none (a feed-forward net, an older run). */
    public List<EpochGradientFlow> readGradientFlow() {
        Path file = dir.resolve(GRADIENT_FLOW);
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            return GradientFlowRows.parse(Files.readAllLines(file));
        } catch (IOException | RuntimeException e) {
            throw new UserError(file + ": cannot read the gradient flow (" + e.getMessage() + ")");
        }
    }

    public void writeSummary(RunSummary summary) {
        writeAtomically(dir.resolve(SUMMARY), GSON.toJson(summary) + "\n");
    }

    /** permutation.json: the seed and the 784 indices it drew, which are what loaders apply. */
    public void writePermutation(int seed, int[] indices) {
        JsonObject json = new JsonObject();
        json.addProperty("seed", seed);
        json.addProperty(
                "generator",
                "java.util.Random(seed), Fisher-Yates from index 783 down, swapping i with nextInt(i + 1)");
        json.addProperty("meaning", "pixel i of a permuted image is pixel indices[i] of the image in raster order");
        JsonArray array = new JsonArray();
        for (int i : indices) {
            array.add(i);
        }
        json.add("indices", array);
        writeAtomically(dir.resolve(PERMUTATION), GSON.toJson(json) + "\n");
    }

    /**
     * How the run read its images: T from summary.json (28 in a summary older than sequence lengths), and for a
     * permuted run the indices in permutation.json, checked to be a permutation of 0..783; a one-line error naming the
     * file otherwise.
     */
    public SequenceLayout readLayout() {
        RunSummary summary = readSummary();
        Path file = dir.resolve(PERMUTATION);
        int[] indices = null;
        if (summary.permute() != null) {
            try {
                JsonObject json = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8))
                        .getAsJsonObject();
                JsonArray array = json.getAsJsonArray("indices");
                if (array == null) {
                    throw new UserError(file + ": holds no \"indices\"");
                }
                indices = new int[array.size()];
                for (int i = 0; i < indices.length; i++) {
                    indices[i] = array.get(i).getAsInt();
                }
            } catch (NoSuchFileException e) {
                throw new UserError(file + ": not found, but " + SUMMARY + " says the run was permuted (seed "
                        + summary.permute() + ")");
            } catch (IOException e) {
                throw new UserError(file + ": cannot read (" + IoErrors.describe(e) + ")");
            } catch (JsonParseException
                    | IllegalStateException
                    | UnsupportedOperationException
                    | ClassCastException e) {
                throw new UserError(file + ": not a list of pixel indices (" + e.getMessage() + ")");
            }
            SequenceLayout.requirePermutation(indices, file.toString());
        }
        try {
            return new SequenceLayout(summary.seqLen(), indices);
        } catch (UserError e) {
            throw new UserError(
                    dir.resolve(SUMMARY) + ": seq_len " + summary.seqLen() + " does not divide " + Mnist.PIXELS);
        }
    }

    public boolean hasSummary() {
        return Files.isRegularFile(dir.resolve(SUMMARY));
    }

    public RunSummary readSummary() {
        Path file = dir.resolve(SUMMARY);
        if (!Files.isRegularFile(file)) {
            throw new UserError(file + ": not found; is " + dir + " a run folder written by train?");
        }
        try {
            RunSummary summary = GSON.fromJson(Files.readString(file, StandardCharsets.UTF_8), RunSummary.class);
            if (summary == null || summary.model() == null) {
                throw new UserError(file + ": holds no model summary");
            }
            return summary;
        } catch (IOException e) {
            throw new UserError(file + ": cannot read (" + e.getMessage() + ")");
        } catch (JsonParseException e) {
            throw new UserError(file + ": not valid JSON (" + e.getMessage() + ")");
        }
    }

    /**
     * Saves the parameters in DJL's format ({@code model-NNNN.params}, NNNN the model's "Epoch" property); the summary
     * says how to rebuild the block. DJL writes the file in place, so it writes into a staging folder first and the
     * finished file is renamed into the run folder. Model files of other epochs are removed: DJL's loader would pick
     * the highest number.
     */
    public void saveModel(Model model) {
        Path staging = dir.resolve(MODEL_STAGING);
        try {
            deleteStaging();
            Files.createDirectories(staging);
            model.save(staging, MODEL_NAME);
            Path saved;
            try (Stream<Path> files = Files.list(staging)) {
                saved = files.findFirst().orElseThrow(() -> new IOException("DJL saved nothing"));
            }
            try (FileChannel channel = FileChannel.open(saved, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Path target = dir.resolve(saved.getFileName());
            Files.move(saved, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            Files.delete(staging);
            AtomicFile.forceFolder(dir);
            for (Path old : modelFiles()) {
                if (!old.equals(target)) {
                    Files.delete(old);
                }
            }
        } catch (IOException e) {
            try {
                deleteStaging();
            } catch (IOException ignored) {
                // the original error is the one worth reporting
            }
            throw new UserError(dir + ": cannot save the model (" + IoErrors.describe(e) + ")");
        }
    }

    /**
     * The run's files present in the folder (what a new run would overwrite). Not gradient-flow.csv: it is written
     * before the epoch's checkpoint, so a run killed in between leaves it beside no checkpoint, and the run must still
     * resume.
     */
    public List<Path> runFiles() {
        List<Path> files = new ArrayList<>();
        for (String name : List.of(CheckpointFile.FILE, METRICS, SUMMARY)) {
            if (Files.exists(dir.resolve(name))) {
                files.add(dir.resolve(name));
            }
        }
        files.addAll(modelFiles());
        return files;
    }

    /** Deletes the run's files (and temporary files a killed run may have left), nothing else. */
    public void clearRun() {
        try {
            for (Path file : runFiles()) {
                Files.delete(file);
            }
            Files.deleteIfExists(dir.resolve(GRADIENT_FLOW));
            Files.deleteIfExists(dir.resolve(PERMUTATION));
            deleteTemporaryFiles();
        } catch (IOException e) {
            throw new UserError(dir + ": cannot remove the previous run (" + IoErrors.describe(e) + ")");
        }
    }

    /** Removes what a run killed in the middle of writing may have left behind. */
    public void deleteTemporaryFiles() throws IOException {
        for (String name : List.of(CheckpointFile.FILE, METRICS, SUMMARY, GRADIENT_FLOW, PERMUTATION)) {
            Files.deleteIfExists(dir.resolve(name + ".tmp"));
        }
        deleteStaging();
    }

    public void deleteSummary() {
        try {
            Files.deleteIfExists(dir.resolve(SUMMARY));
        } catch (IOException e) {
            throw new UserError(dir.resolve(SUMMARY) + ": cannot remove (" + IoErrors.describe(e) + ")");
        }
    }

    public Path checkpointFile() {
        return dir.resolve(CheckpointFile.FILE);
    }

    private List<Path> modelFiles() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(
                            f -> MODEL_FILE.matcher(f.getFileName().toString()).matches())
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UserError(dir + ": cannot list (" + IoErrors.describe(e) + ")");
        }
    }

    private void deleteStaging() throws IOException {
        Path staging = dir.resolve(MODEL_STAGING);
        if (Files.isDirectory(staging)) {
            try (Stream<Path> files = Files.list(staging)) {
                for (Path f : files.toList()) {
                    Files.delete(f);
                }
            }
        }
        Files.deleteIfExists(staging);
    }

    /** Rebuilds the block the summary names and loads the saved parameters into it. */
    public Model loadModel() {
        Model model = Model.newInstance(MODEL_NAME);
        try {
            model.setBlock(newBlock(model.getNDManager()));
            model.load(dir, MODEL_NAME);
            checkLoaded(model);
        } catch (UserError e) {
            model.close();
            throw e;
        } catch (IOException | MalformedModelException | RuntimeException e) {
            model.close();
            throw new UserError(dir + ": cannot load a " + summaryKind() + " model from it (" + e.getMessage() + ")");
        }
        return model;
    }

    /**
     * The block summary.json names (model kind, hidden size), initialised for its sequences (T steps of 784/T), its
     * parameters not yet loaded; UserError when the summary names no model this process can build, or the folder holds
     * no parameters.
     */
    public Block newBlock(NDManager manager) {
        RunSummary summary = readSummary();
        ModelKind kind = summaryKind();
        if (summary.hidden() < 1) {
            throw new UserError(dir.resolve(SUMMARY) + ": hidden size " + summary.hidden() + " is not positive");
        }
        if (modelFiles().isEmpty()) {
            throw new UserError(
                    dir + ": no model parameters (" + MODEL_NAME + "-NNNN.params); is the training finished?");
        }
        Block block = kind.create(summary.hidden());
        block.initialize(manager, DataType.FLOAT32, inputShape(summary));
        return block;
    }

    /**
     * Checks that the parameters loaded into a model have the shapes the summary's block needs. DJL checks parameter
     * names on load, not shapes, and RNN, GRU and LSTM units name theirs alike: an LSTM's parameters would load
     * silently into a GRU block.
     */
    public void checkLoaded(Model model) {
        RunSummary summary = readSummary();
        ModelKind kind = summaryKind();
        List<Shape> loaded = parameterShapes(model.getBlock());
        List<Shape> expected;
        try (NDManager manager = model.getNDManager().newSubManager()) {
            Block fresh = kind.create(summary.hidden());
            fresh.initialize(manager, DataType.FLOAT32, inputShape(summary));
            expected = parameterShapes(fresh);
        }
        for (int i = 0; i < expected.size(); i++) {
            if (i >= loaded.size() || !expected.get(i).equals(loaded.get(i))) {
                throw new UserError(dir + ": parameter "
                        + model.getBlock().getParameters().get(i).getKey() + " is "
                        + (i < loaded.size() ? loaded.get(i) : "missing") + ", but a " + kind
                        + " model with hidden size " + summary.hidden() + " (as summary.json claims) needs "
                        + expected.get(i));
            }
        }
    }

    /** One sequence as the run read it: (1, T, 784/T). */
    private Shape inputShape(RunSummary summary) {
        SequenceLayout.requireLength(summary.seqLen(), dir.resolve(SUMMARY) + ": seq_len");
        return new Shape(1, summary.seqLen(), Mnist.PIXELS / summary.seqLen());
    }

    private ModelKind summaryKind() {
        try {
            return ModelKind.parse(readSummary().model());
        } catch (UserError e) {
            throw new UserError(dir.resolve(SUMMARY) + ": " + e.getMessage());
        }
    }

    private static List<Shape> parameterShapes(Block block) {
        return block.getParameters().values().stream()
                .map(p -> p.getArray().getShape())
                .toList();
    }

    /** Writes text atomically: see {@link AtomicFile}. */
    public static void writeAtomically(Path target, String content) {
        AtomicFile.write(target, out -> out.write(content.getBytes(StandardCharsets.UTF_8)));
    }

    /** Writes a file atomically: see {@link AtomicFile}. */
    public static void writeAtomically(Path target, AtomicFile.Content content) {
        AtomicFile.write(target, content);
    }
}
