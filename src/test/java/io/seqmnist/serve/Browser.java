package io.seqmnist.serve;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * The Chromium (or Chrome) and the chromedriver that the page's end-to-end test drives: the ones named by
 * {@code SEQMNIST_BROWSER} and {@code SEQMNIST_CHROMEDRIVER} (or the system properties {@code seqmnist.browser} and
 * {@code seqmnist.chromedriver}), else the first found where Debian, macOS, Windows and GitHub's runners
 * ({@code CHROMEWEBDRIVER}) put them, or on the PATH.
 */
record Browser(Path binary, Path driver) {

    static final String HOW_TO_GET_ONE = "install Chromium and its driver (Debian: sudo apt-get install"
            + " chromium chromium-driver; macOS: brew install --cask chromium chromedriver),"
            + " or name them with SEQMNIST_BROWSER and SEQMNIST_CHROMEDRIVER";

    private static final List<String> BROWSERS = List.of(
            "/usr/bin/chromium",
            "/usr/bin/chromium-browser",
            "/usr/bin/google-chrome",
            "/usr/bin/google-chrome-stable",
            "/Applications/Chromium.app/Contents/MacOS/Chromium",
            "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
            "C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe",
            "C:\\Program Files (x86)\\Google\\Chrome\\Application\\chrome.exe");
    private static final List<String> BROWSER_COMMANDS = List.of("chromium", "chromium-browser", "google-chrome");
    private static final List<String> DRIVERS =
            List.of("/usr/bin/chromedriver", "/usr/local/bin/chromedriver", "/opt/homebrew/bin/chromedriver");

    /**
     * The browser to drive. Without one the test is skipped, with one line on the console saying how to get one; under
     * {@code CI=true} it fails instead, since CI installs one, unless {@code SEQMNIST_BROWSER_ELSEWHERE} says why this
     * CI job has none and which one runs the test (.github/workflows/ci.yml's Linux aarch64 job).
     */
    static Browser requireOrSkip() {
        Optional<Path> binary = find("seqmnist.browser", "SEQMNIST_BROWSER", BROWSERS, BROWSER_COMMANDS);
        Optional<Path> driver =
                find("seqmnist.chromedriver", "SEQMNIST_CHROMEDRIVER", drivers(), List.of("chromedriver"));
        if (binary.isPresent() && driver.isPresent()) {
            return new Browser(binary.get(), driver.get());
        }
        List<String> missing = new ArrayList<>();
        if (binary.isEmpty()) {
            missing.add(notFound("seqmnist.browser", "SEQMNIST_BROWSER", "no Chromium or Chrome found"));
        }
        if (driver.isEmpty()) {
            missing.add(notFound("seqmnist.chromedriver", "SEQMNIST_CHROMEDRIVER", "no chromedriver found"));
        }
        String line = "ServePageBrowserTest: " + String.join(", ", missing) + "; to run this end-to-end test, "
                + HOW_TO_GET_ONE;
        String elsewhere = System.getenv("SEQMNIST_BROWSER_ELSEWHERE"); // a CI job without a browser says why
        if (elsewhere != null && !elsewhere.isBlank()) {
            line += " (" + elsewhere + ")";
        } else if ("true".equals(System.getenv("CI"))) {
            fail(line + " (CI=true: CI must run it)");
        }
        System.out.println(line + " (skipped)");
        Assumptions.abort(line);
        throw new AssertionError("unreachable");
    }

    /**
     * The file named by the system property or the environment variable, when either is set (then only that one, so a
     * wrong name is not hidden by a browser found elsewhere); else the first of the usual places, else the first
     * command found on the PATH.
     */
    private static Optional<Path> find(String property, String variable, List<String> places, List<String> commands) {
        String named = System.getProperty(property, System.getenv(variable));
        if (named != null && !named.isBlank()) {
            return executable(Path.of(named));
        }
        for (String place : places) {
            Optional<Path> found = executable(Path.of(place));
            if (found.isPresent()) {
                return found;
            }
        }
        String path = System.getenv("PATH");
        for (String dir : path == null ? new String[0] : path.split(java.io.File.pathSeparator)) {
            for (String command : commands) {
                for (String name : List.of(command, command + ".exe")) {
                    Optional<Path> found = dir.isEmpty() ? Optional.empty() : executable(Path.of(dir, name));
                    if (found.isPresent()) {
                        return found;
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static String notFound(String property, String variable, String otherwise) {
        String named = System.getProperty(property, System.getenv(variable));
        return named == null || named.isBlank() ? otherwise : named + " (" + variable + ") is not an executable file";
    }

    /** Where chromedriver is: GitHub's runners say it in CHROMEWEBDRIVER, then the usual places. */
    private static List<String> drivers() {
        List<String> places = new ArrayList<>();
        String runner = System.getenv("CHROMEWEBDRIVER");
        if (runner != null && !runner.isBlank()) {
            places.add(Path.of(runner, "chromedriver").toString());
            places.add(Path.of(runner, "chromedriver.exe").toString());
        }
        places.addAll(DRIVERS);
        return places;
    }

    private static Optional<Path> executable(Path file) {
        return Files.isRegularFile(file) && Files.isExecutable(file) ? Optional.of(file) : Optional.empty();
    }
}
