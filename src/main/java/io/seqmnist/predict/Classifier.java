package io.seqmnist.predict;

import ai.djl.ModelException;
import ai.djl.inference.Predictor;
import ai.djl.modality.Classifications;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.training.ParameterStore;
import ai.djl.translate.TranslateException;
import io.seqmnist.UserError;
import io.seqmnist.data.Mnist;
import io.seqmnist.data.SequenceBatches;
import io.seqmnist.data.SequenceLayout;
import io.seqmnist.experiment.RunDirectory;
import io.seqmnist.experiment.RunSummary;
import io.seqmnist.model.ModelKind;
import io.seqmnist.model.Predictions;
import io.seqmnist.model.RecurrentClassifier;
import io.seqmnist.model.RowByRow;
import io.seqmnist.model.UnitInternals;
import io.seqmnist.train.Accuracy;
import io.seqmnist.train.TrainConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A trained model loaded once from a run folder written by {@code train}, to classify many images (Question 1 item 6:
 * how the trained RNN classifies a new image). Safe to share between threads: calls run one at a time (one engine
 * thread does the work anyway).
 */
public final class Classifier implements AutoCloseable {

    private static final int SIDE = Mnist.SEQUENCE_LENGTH;

    /** The name of ||h[t] - h[t-1]|| among a prediction's internals. */
    public static final String STATE_CHANGE = "stateChange";

    private final ZooModel<float[][], Classifications> model;
    private final Predictor<float[][], Classifications> predictor;
    private final RunSummary summary;
    private final ModelKind kind;
    private final String name;
    private final SequenceLayout layout;

    private Classifier(
            ZooModel<float[][], Classifications> model,
            RunSummary summary,
            ModelKind kind,
            String name,
            SequenceLayout layout) {
        this.model = model;
        this.predictor = model.newPredictor();
        this.summary = summary;
        this.kind = kind;
        this.name = name;
        this.layout = layout;
    }

    /**
     * Loads a run folder (summary.json + DJL parameters) the way any DJL program can: {@link Criteria} with
     * {@link RunFolderBlockFactory} and {@link DigitTranslatorFactory}; UserError when it cannot.
     */
    public static Classifier load(Path runDir) {
        if (!Files.exists(runDir)) {
            throw new UserError(runDir + ": model folder not found");
        }
        if (!Files.isDirectory(runDir)) {
            throw new UserError(runDir + ": not a folder; --model-dir wants a run folder written by train");
        }
        RunSummary summary = new RunDirectory(runDir).readSummary();
        SequenceLayout layout = new RunDirectory(runDir).readLayout();
        ModelKind kind;
        try {
            kind = ModelKind.parse(summary.model());
        } catch (UserError e) {
            throw new UserError(runDir.resolve(RunDirectory.SUMMARY) + ": " + e.getMessage());
        }
        ZooModel<float[][], Classifications> model = loadThroughCriteria(runDir, kind);
        try {
            Classifier classifier = new Classifier(
                    model,
                    summary,
                    kind,
                    kind.cliName() + " (" + runDir.toAbsolutePath().normalize().getFileName() + ")",
                    layout);
            classifier.classify(new float[Mnist.PIXELS]); // fails here, not on the first image
            return classifier;
        } catch (UserError e) {
            model.close();
            throw e;
        } catch (RuntimeException e) {
            model.close();
            throw new UserError(
                    runDir + ": its parameters do not work as a " + kind + " model (" + e.getMessage() + ")");
        }
    }

    private static ZooModel<float[][], Classifications> loadThroughCriteria(Path runDir, ModelKind kind) {
        RunFolderBlockFactory blocks = new RunFolderBlockFactory();
        try {
            return Criteria.builder()
                    .setTypes(float[][].class, Classifications.class)
                    .optModelPath(runDir)
                    .optModelName(RunDirectory.MODEL_NAME)
                    .optArgument("blockFactory", blocks)
                    .optTranslatorFactory(new DigitTranslatorFactory())
                    .build()
                    .loadModel();
        } catch (UserError e) {
            blocks.closeModelAfterFailure();
            throw e;
        } catch (IOException | ModelException | RuntimeException e) {
            blocks.closeModelAfterFailure();
            throw new UserError(runDir + ": cannot load a " + kind + " model from it (" + e.getMessage() + ")");
        }
    }

    /** The model kind and the run folder's name, e.g. {@code gru (gru-seed0)}. */
    public String name() {
        return name;
    }

    public ModelKind kind() {
        return kind;
    }

    public RunSummary summary() {
        return summary;
    }

    /** How the model reads an image, as it was trained: T steps of 784/T pixels, permuted or not. */
    public SequenceLayout layout() {
        return layout;
    }

    public Prediction classify(float[] pixels784) {
        return classifyAll(List.of(pixels784)).get(0);
    }

    /**
     * All images (each 784 pixels in [0, 1], row-major, as they look: never permuted by the caller): the class and
     * probabilities from DJL's {@link Predictor} (the {@link DigitTranslator}), the answer after each of the model's T
     * steps and the units' internals from the block, step by step.
     */
    public synchronized List<Prediction> classifyAll(List<float[]> images) {
        if (images.isEmpty()) {
            return List.of();
        }
        int n = images.size();
        int steps = layout.steps();
        float[] flat = new float[n * Mnist.PIXELS]; // as the model reads them: permuted, if it was trained so
        List<float[][]> rowsOf = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            float[] image = DigitImage.fromPixels(images.get(i));
            System.arraycopy(layout.apply(image), 0, flat, i * Mnist.PIXELS, Mnist.PIXELS);
            float[][] rows = new float[SIDE][];
            for (int r = 0; r < SIDE; r++) {
                rows[r] = Arrays.copyOfRange(image, r * SIDE, (r + 1) * SIDE);
            }
            rowsOf.add(rows);
        }
        List<Classifications> answers = predict(rowsOf);
        try (NDManager manager = model.getNDManager().newSubManager()) {
            ParameterStore parameters = new ParameterStore(manager, false);
            Block block = model.getBlock();
            NDArray x = manager.create(flat, new Shape(n, steps, layout.stepWidth()));
            float[] perRow = RowByRow.logits(block, parameters, x).softmax(2).toFloatArray();
            Map<String, float[]> internals = internalsAfterEachRow(block, x);
            List<Prediction> out = new ArrayList<>(n);
            int classes = Mnist.CLASSES;
            for (int i = 0; i < n; i++) {
                float[] p = probabilities(answers.get(i));
                float[][] rows = new float[steps][classes];
                for (int t = 0; t < steps; t++) {
                    System.arraycopy(perRow, (i * steps + t) * classes, rows[t], 0, classes);
                }
                Map<String, float[]> series = new LinkedHashMap<>();
                for (Map.Entry<String, float[]> e : internals.entrySet()) {
                    series.put(e.getKey(), Arrays.copyOfRange(e.getValue(), i * steps, (i + 1) * steps));
                }
                out.add(new Prediction(argMax(p), p, rows, series));
            }
            return out;
        }
    }

    private List<Classifications> predict(List<float[][]> images) {
        try {
            return predictor.batchPredict(images);
        } catch (TranslateException e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof UserError userError) {
                    throw userError;
                }
            }
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** The probabilities in class order 0..9 (the translator names the classes "0".."9"). */
    private static float[] probabilities(Classifications answer) {
        float[] p = new float[Mnist.CLASSES];
        List<String> names = answer.getClassNames();
        List<Double> values = answer.getProbabilities();
        for (int i = 0; i < names.size(); i++) {
            p[Integer.parseInt(names.get(i))] = values.get(i).floatValue();
        }
        return p;
    }

    /** The most probable class; on a tie the smaller one. */
    private static int argMax(float[] p) {
        int best = 0;
        for (int c = 1; c < p.length; c++) {
            if (p[c] > p[best]) {
                best = c;
            }
        }
        return best;
    }

    /** Per name, (images x T) values: each gate's mean over the units, and the state's change. */
    private static Map<String, float[]> internalsAfterEachRow(Block block, NDArray x) {
        Map<String, float[]> series = new LinkedHashMap<>();
        if (block instanceof RecurrentClassifier classifier) {
            UnitInternals internals = UnitInternals.of(classifier, x);
            for (String gate : internals.gates()) {
                series.put(gate, internals.meanOverUnits(gate).toFloatArray());
            }
            series.put(STATE_CHANGE, internals.stateChange().toFloatArray());
        }
        return series;
    }

    /**
     * The predicted class of every image of a split (as stored: permuted here, if the model was trained so), exactly as
     * training measured test accuracy: same {@link Accuracy}, same batches of {@link TrainConfig#EVAL_BATCH_SIZE}, same
     * steps.
     */
    public synchronized int[] predictedClasses(Mnist.Split split) {
        try (NDManager manager = model.getNDManager().newSubManager()) {
            return Predictions.classes(
                    model.getBlock(),
                    manager,
                    SequenceBatches.inOrder(manager, layout.apply(split), TrainConfig.EVAL_BATCH_SIZE, layout.steps()));
        }
    }

    @Override
    public void close() {
        predictor.close();
        model.close();
    }
}
