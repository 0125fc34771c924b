package io.seqmnist.train;

import ai.djl.Model;
import ai.djl.MalformedModelException;
import ai.djl.ndarray.types.Shape;
import com.google.gson.FieldNamingPolicy;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import io.seqmnist.UserError;
import io.seqmnist.data.Mnist;
import io.seqmnist.model.ModelKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The folder a training run writes: metrics.csv (rewritten as each epoch ends), summary.json, and
 * the model in DJL's format ({@code model-NNNN.params}). Every file is written to a temporary
 * name and renamed, so a reader never sees half a file.
 */
public final class RunDirectory {

    public static final String METRICS = "metrics.csv";
    public static final String SUMMARY = "summary.json";
    public static final String MODEL_NAME = "model";

    static final Gson GSON =
            new GsonBuilder()
                    .setPrettyPrinting()
                    .setFieldNamingPolicy(FieldNamingPolicy.LOWER_CASE_WITH_UNDERSCORES)
                    .serializeSpecialFloatingPointValues()
                    .create();

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
            throw new UserError(dir + ": cannot create output folder (" + e.getMessage() + ")");
        }
        if (!Files.isWritable(dir)) {
            throw new UserError(dir + ": output folder is not writable");
        }
        return this;
    }

    public void writeMetrics(List<EpochResult> results) {
        String body =
                results.stream().map(EpochResult::toCsv).collect(Collectors.joining("\n"));
        writeAtomically(dir.resolve(METRICS), EpochResult.CSV_HEADER + "\n" + body + "\n");
    }

    public List<EpochResult> readMetrics() {
        try {
            return Files.readAllLines(dir.resolve(METRICS)).stream()
                    .skip(1)
                    .filter(line -> !line.isBlank())
                    .map(EpochResult::fromCsv)
                    .toList();
        } catch (IOException | RuntimeException e) {
            throw new UserError(dir.resolve(METRICS) + ": cannot read metrics (" + e + ")");
        }
    }

    public void writeSummary(RunSummary summary) {
        writeAtomically(dir.resolve(SUMMARY), GSON.toJson(summary) + "\n");
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
            RunSummary summary =
                    GSON.fromJson(Files.readString(file, StandardCharsets.UTF_8), RunSummary.class);
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

    /** Saves the parameters in DJL's format; the summary says how to rebuild the block. */
    public void saveModel(Model model) {
        try {
            model.save(dir, MODEL_NAME);
        } catch (IOException e) {
            throw new UserError(dir + ": cannot save the model (" + e.getMessage() + ")");
        }
    }

    /** Rebuilds the block the summary names and loads the saved parameters into it. */
    public Model loadModel() {
        RunSummary summary = readSummary();
        ModelKind kind = ModelKind.parse(summary.model());
        Model model = Model.newInstance(MODEL_NAME);
        model.setBlock(kind.create(summary.hidden()));
        try {
            model.getBlock()
                    .initialize(
                            model.getNDManager(),
                            ai.djl.ndarray.types.DataType.FLOAT32,
                            new Shape(1, Mnist.SEQUENCE_LENGTH, Mnist.INPUT_SIZE));
            model.load(dir, MODEL_NAME);
        } catch (IOException | MalformedModelException | RuntimeException e) {
            model.close();
            throw new UserError(
                    dir + ": cannot load a " + kind + " model from it (" + e.getMessage() + ")");
        }
        return model;
    }

    /** Writes to a temporary file in the same folder, then renames it over the target. */
    public static void writeAtomically(Path target, String content) {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try {
            Files.writeString(tmp, content, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // the original error is the one worth reporting
            }
            throw new UserError(target + ": cannot write (" + e.getMessage() + ")");
        }
    }
}
