package io.seqmnist.experiment;

import java.net.URISyntaxException;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * How this process was started, so that the commands it prints (the one that resumes a run, the one a report says made
 * it) run as it did: the project's launcher (bin/seqmnist, or the one named by -Dseqmnist.launcher), or {@code java
 * -jar} and the jar when run from the jar with no launcher.
 */
public final class Launcher {

    private Launcher() {}

    /** The project folder: set by bin/seqmnist, else the working directory. */
    public static Path projectHome() {
        return Path.of(System.getProperty("seqmnist.home", "."));
    }

    /**
     * The command that runs seqmnist as this process was run, relative to the working folder when it is the project's.
     */
    static List<String> command() {
        Path jar = jarWithoutLauncher();
        if (jar != null) {
            return List.of("java", "-jar", jar.toString());
        }
        Path home = projectHome().toAbsolutePath().normalize();
        Path here = Path.of("").toAbsolutePath().normalize();
        return List.of(
                home.equals(here)
                        ? launcherName()
                        : home.resolve(launcherName()).toString());
    }

    /** How a report names the program that made it, with no folder of this machine in it. */
    public static String programName() {
        Path jar = jarWithoutLauncher();
        return jar != null ? "java -jar " + jar.getFileName() : launcherName();
    }

    /** The command line as this process was run: the program's name, then its arguments. */
    public static String commandLine(List<String> args) {
        return (programName() + " " + String.join(" ", args)).trim();
    }

    /** The exact command that continues a run of {@code train} with these options, shell-quoted. */
    public static String resumeCommand(List<String> trainOptions) {
        List<String> args = new ArrayList<>(command());
        args.add("train");
        args.addAll(trainOptions);
        args.add("--resume");
        return args.stream().map(Launcher::shellQuote).collect(Collectors.joining(" "));
    }

    /**
     * The built jar, absolute: the one this process runs from, else the project's {@code target/seqmnist.jar} (which
     * {@code ./mvnw -B package -Dmaven.test.skip=true} builds). A scheduler's tasks run it with {@code java -jar}: the
     * launcher recompiles when the sources changed, and tasks started at once would race in target/.
     */
    public static Path builtJar() {
        Path running = runningJar();
        return running != null
                ? running
                : projectHome()
                        .resolve("target")
                        .resolve("seqmnist.jar")
                        .toAbsolutePath()
                        .normalize();
    }

    /** The jar this process runs from when no launcher started it (none names the project), else null. */
    private static Path jarWithoutLauncher() {
        return System.getProperty("seqmnist.home") == null ? runningJar() : null;
    }

    private static String launcherName() {
        return System.getProperty("seqmnist.launcher", "bin/seqmnist");
    }

    /** The jar this class was loaded from, or null (run from a class folder). */
    private static Path runningJar() {
        CodeSource code = Launcher.class.getProtectionDomain().getCodeSource();
        if (code == null) {
            return null;
        }
        try {
            Path source = Path.of(code.getLocation().toURI());
            return source.toString().endsWith(".jar") ? source.toAbsolutePath() : null;
        } catch (URISyntaxException | IllegalArgumentException | FileSystemNotFoundException e) {
            return null;
        }
    }

    private static String shellQuote(String arg) {
        return arg.matches("[A-Za-z0-9_./=:,+-]+") ? arg : "'" + arg.replace("'", "'\\''") + "'";
    }
}
