package io.seqmnist.cli;

import io.seqmnist.InvalidSetting;
import io.seqmnist.UserError;
import io.seqmnist.train.TrainConfig;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code seqmnist COMMAND ...}: every command of the toolkit. */
@Command(
        name = "seqmnist",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "MNIST read row by row: shallow RNN, GRU and LSTM classifiers on DJL.",
        subcommands = {
            InfoCommand.class,
            FetchDataCommand.class,
            TrainCommand.class,
            ShapesCommand.class,
            CompareCommand.class,
            TuneCommand.class,
            TaskCommand.class,
            ReportCommand.class,
            BenchCommand.class,
            CheckScratchCommand.class,
            EvaluateCommand.class,
            PredictCommand.class,
            ExportDigitsCommand.class,
            ServeCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(
            names = "--accel",
            paramLabel = "auto|on|off",
            scope = CommandLine.ScopeType.INHERIT,
            description = "this machine's speed-ups (Linux x86-64; io.seqmnist.accel): auto turns"
                    + " them on where they were measured to help (default: SEQMNIST_ACCEL, else auto)")
    String accel;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs a command line and returns its exit status (tests call this directly). */
    public static int execute(String... args) {
        Main main = new Main();
        CommandLine cli = new CommandLine(main);
        // --help on every command, so "see: seqmnist COMMAND --help" in an error always works
        cli.getSubcommands().values().forEach(sub -> sub.getCommandSpec().mixinStandardHelpOptions(true));
        cli.setParameterExceptionHandler(Main::badOption);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof UserError userError) {
                printError(commandLine, inOptionWords(userError));
                return userError.exitCode();
            }
            throw e;
        });
        return cli.execute(args);
    }

    /** The options that set a config's settings, by the settings' names in {@link TrainConfig}. */
    private static final Map<String, String> OPTIONS = Map.ofEntries(
            Map.entry("epochs", "--epochs"),
            Map.entry("batchSize", "--batch-size"),
            Map.entry("hiddenSize", "--hidden"),
            Map.entry("seed", "--seed"),
            Map.entry("limit", "--limit"),
            Map.entry("validation", "--validation"),
            Map.entry("threads", "--threads"),
            Map.entry("learningRate", "--lr"),
            Map.entry("warmupEpochs", "--warmup-epochs"),
            Map.entry("clipNorm", "--clip-norm"),
            Map.entry("jobs", "--jobs"),
            Map.entry("seeds", "--seeds"),
            Map.entry("models", "--models"),
            Map.entry("weightDecay", "--weight-decay"));

    /** The error's message, each library setting named by the option that sets it. */
    private static String inOptionWords(UserError e) {
        return e instanceof InvalidSetting s
                ? s.message(setting -> OPTIONS.getOrDefault(setting, setting))
                : e.getMessage();
    }

    /** A bad option: one line naming it, no usage dump, exit 2. */
    private static int badOption(CommandLine.ParameterException e, String[] args) {
        printError(
                e.getCommandLine(), e.getMessage() + " (see: seqmnist " + commandPath(e.getCommandLine()) + "--help)");
        return UserError.EXIT_CODE;
    }

    /**
     * {@code seqmnist: <message>} as exactly one line: line breaks and other control characters (say, in a file name or
     * an option value) become spaces.
     */
    private static void printError(CommandLine line, String message) {
        PrintWriter err = line.getErr();
        err.println("seqmnist: " + String.valueOf(message).replaceAll("\\p{Cntrl}", " "));
        err.flush();
    }

    private static String commandPath(CommandLine line) {
        String qualified = line.getCommandSpec().qualifiedName(" ");
        String path = qualified.startsWith("seqmnist") ? qualified.substring(8).trim() : qualified;
        return path.isEmpty() ? "" : path + " ";
    }
}
