package io.seqmnist.experiment;

import io.seqmnist.model.ModelDefaults;
import io.seqmnist.model.ModelKind;
import io.seqmnist.train.Recipe;
import java.util.List;
import java.util.Map;

/**
 * The controlled comparison behind "the gates win" ({@code compare --study gates}): the three networks, an RNN with the
 * GRU's parameter count and one with the LSTM's, the RNN without its recurrence (reading the last row alone, and
 * reading the mean of its per-row states), and the feed-forward net at 150 hidden units and at the RNN's size, all
 * under both recipes.
 */
public final class GatesStudy {

    public static final String NAME = "gates";

    /** The recipes: the tuned one's clipping helps the RNN most, itself evidence about its gradients. */
    public static final List<Recipe> RECIPES = List.of(Recipe.ASSIGNMENT, Recipe.TUNED);

    /** The feed-forward net's hidden size that gives it about the RNN's parameter count (28,630 against 28,510). */
    public static final int SMALL_FNN_HIDDEN = 36;

    private GatesStudy() {}

    /** The runs of the study, at the assignment's hidden size of 150. */
    public static List<RunSpec> models() {
        int h = ModelDefaults.HIDDEN_SIZE;
        return List.of(
                RunSpec.of(ModelKind.RNN),
                RunSpec.of(ModelKind.GRU),
                RunSpec.of(ModelKind.LSTM),
                new RunSpec(ModelKind.RNN, Map.of("h", rnnHiddenMatching(gruParameters(h)))),
                new RunSpec(ModelKind.RNN, Map.of("h", rnnHiddenMatching(lstmParameters(h)))),
                RunSpec.of(ModelKind.RNN_LAST_ROW),
                RunSpec.of(ModelKind.RNN_ROW_MEAN),
                RunSpec.of(ModelKind.FNN),
                new RunSpec(ModelKind.FNN, Map.of("h", SMALL_FNN_HIDDEN)));
    }

    /**
     * Parameters of the classifiers at hidden size H (input rows of 28, 10 classes): a recurrent unit of G gates has
     * G*H*(28 + H + 2) (two weight matrices, two biases, as PyTorch's), and the output layer 10*H + 10.
     */
    public static long rnnParameters(int h) {
        return unitParameters(1, h) + 10L * h + 10;
    }

    public static long gruParameters(int h) {
        return unitParameters(3, h) + 10L * h + 10;
    }

    public static long lstmParameters(int h) {
        return unitParameters(4, h) + 10L * h + 10;
    }

    private static long unitParameters(int gates, int h) {
        return (long) gates * h * (28 + h + 2);
    }

    /** The RNN hidden size whose parameter count is nearest the given one. */
    public static int rnnHiddenMatching(long parameters) {
        int best = 1;
        for (int h = 1; rnnParameters(h) <= 2 * parameters; h++) {
            if (Math.abs(rnnParameters(h) - parameters) < Math.abs(rnnParameters(best) - parameters)) {
                best = h;
            }
        }
        return best;
    }
}
