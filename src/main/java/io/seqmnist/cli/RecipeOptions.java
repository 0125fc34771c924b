package io.seqmnist.cli;

import io.seqmnist.train.LrSchedule;
import io.seqmnist.train.TrainConfig.Optimization;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The training settings a recipe sets ({@code --recipe}), each of which an option given here overrides; shared by
 * {@code train} and {@code compare}.
 */
public final class RecipeOptions {

    @Option(
            names = "--lr",
            paramLabel = "RATE",
            description = "Adam's learning rate, the schedule's peak (default: the recipe's;" + " assignment: 0.001)")
    Float lr;

    @Option(
            names = "--lr-schedule",
            paramLabel = "constant|cosine|onecycle",
            description = "the learning rate over the run: constant; cosine (half a cosine from"
                    + " the peak to 0); onecycle (a line up from peak/25 over the warm-up, then"
                    + " down to 0) (default: the recipe's; assignment: constant)")
    String schedule;

    @Option(
            names = "--warmup-epochs",
            paramLabel = "E",
            description = "epochs (fractions allowed) of linear warm-up to the peak before the"
                    + " schedule (default: the recipe's; with --lr-schedule: 0.3 x --epochs for"
                    + " onecycle, else 0)")
    Double warmupEpochs;

    @Option(
            names = "--clip-norm",
            paramLabel = "X",
            description = "scale the gradients down when their global norm (all parameters"
                    + " together) exceeds X, as PyTorch's clip_grad_norm_; 0: no clipping"
                    + " (default: the recipe's; assignment: 0)")
    Float clipNorm;

    @Option(
            names = "--weight-decay",
            paramLabel = "WD",
            description = "Adam's L2 weight decay, WD x weight added to each gradient (default:"
                    + " the recipe's; assignment: 0)")
    Float weightDecay;

    /**
     * A recipe's settings with every option given here in place of the recipe's value; another schedule comes with its
     * own warm-up unless --warmup-epochs is given.
     */
    public Optimization applyTo(Optimization recipe) {
        return new Optimization(
                schedule != null ? LrSchedule.parse(schedule) : recipe.schedule(),
                lr != null ? lr : recipe.learningRate(),
                warmupEpochs != null ? warmupEpochs : schedule != null ? null : recipe.warmupEpochs(),
                clipNorm != null ? clipNorm : recipe.clipNorm(),
                weightDecay != null ? weightDecay : recipe.weightDecay());
    }

    /** The options given, by name. */
    List<String> given() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("--lr", lr);
        values.put("--lr-schedule", schedule);
        values.put("--warmup-epochs", warmupEpochs);
        values.put("--clip-norm", clipNorm);
        values.put("--weight-decay", weightDecay);
        return values.keySet().stream()
                .filter(option -> values.get(option) != null)
                .toList();
    }
}
