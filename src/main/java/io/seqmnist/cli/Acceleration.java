package io.seqmnist.cli;

import io.seqmnist.Backend;
import io.seqmnist.UserError;
import io.seqmnist.accel.Accelerator;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The one place the product turns the accelerator ({@code io.seqmnist.accel}) on: every command that uses the engine
 * comes here first ({@link EngineOptions#apply}). The mode is {@code --accel} (an option of every command), else the
 * system property {@code seqmnist.accel} (bin/seqmnist passes {@code SEQMNIST_ACCEL} as it), else the environment's
 * {@code SEQMNIST_ACCEL}, else {@code auto}. With {@code off} no class of the accelerator is loaded.
 */
final class Acceleration {

    static final String PROPERTY = "seqmnist.accel";
    static final String VARIABLE = "SEQMNIST_ACCEL";

    /** The mode chosen and where it was chosen, e.g. ("off", "SEQMNIST_ACCEL=off"). */
    record Choice(String mode, String source) {}

    private Acceleration() {}

    /** The mode for this command: {@code --accel} given to it (null: none), else the defaults above. */
    static Choice choice(String option) {
        Choice choice = option != null
                ? new Choice(option, "--accel " + option)
                : System.getProperty(PROPERTY) != null
                        ? new Choice(System.getProperty(PROPERTY), VARIABLE + "=" + System.getProperty(PROPERTY))
                        : System.getenv(VARIABLE) != null
                                ? new Choice(System.getenv(VARIABLE), VARIABLE + "=" + System.getenv(VARIABLE))
                                : new Choice("auto", "auto");
        if (!List.of("auto", "on", "off").contains(choice.mode())) {
            throw new UserError(
                    choice.source().startsWith("--")
                            ? "--accel must be auto, on or off, got '" + choice.mode() + "'"
                            : VARIABLE + " must be auto, on or off, got '" + choice.mode() + "'");
        }
        return choice;
    }

    /** The mode for a command: the --accel of its command line (an option of {@link Main}), else the defaults. */
    static Choice forCommand(CommandSpec command) {
        return choice(((Main) command.root().userObject()).accel);
    }

    /**
     * Turns the accelerator on as chosen, before the engine's first use; returns its status, one fact a line.
     * {@code on} where it cannot work says why on stderr, once, and runs without it.
     */
    static List<String> start(Choice choice) {
        if (choice.mode().equals("off")) {
            String why = "turned off: " + choice.source();
            List<String> status = List.of("accelerator: off (" + why + "); DJL and libtorch as shipped");
            Backend.use(Backend.plain(status, unavailable(why)));
            return status;
        }
        return Enabled.start(choice.mode());
    }

    /** The accelerator's models, each with the one-line reason it cannot be built here. */
    private static Map<String, String> unavailable(String why) {
        return Arrays.stream(Accelerator.MODELS.split(","))
                .collect(
                        Collectors.toMap(
                                Function.identity(),
                                model -> "needs the accelerator, which is off (" + why
                                        + "); turn it on with --accel on or"
                                        + " SEQMNIST_ACCEL=on (Linux x86-64 only; in a program: io.seqmnist.accel.Accelerator.enable)"));
    }

    /** Apart, so that the accelerator's classes load only when it may be on. */
    private static final class Enabled {
        private static boolean warned;

        static synchronized List<String> start(String mode) {
            Accelerator.Status status = Accelerator.enable(Accelerator.Mode.parse(mode));
            if (!status.active()) {
                Backend.use(Backend.plain(status.lines(), unavailable(status.why())));
                if (mode.equals("on") && !warned) {
                    warned = true;
                    System.err.println("seqmnist: the accelerator stays off: " + status.why() + "; running without it");
                }
            }
            return status.lines();
        }
    }
}
