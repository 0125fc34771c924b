package io.seqmnist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seqmnist.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** One command line run in this JVM through {@link Main#execute}, its output captured. */
public record CliRun(int exitCode, String out, String err) {

    public static synchronized CliRun of(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = Main.execute(args);
        } finally {
            System.out.flush();
            System.err.flush();
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
        return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /**
     * Asserts a user error: exit 2, nothing on stdout, one "seqmnist: " line on stderr, ended by this system's line
     * separator ({@code \r\n} on Windows); returns the line without it.
     */
    public String userError() {
        assertEquals(2, exitCode, "exit status; stderr: " + err);
        assertEquals("", out, "stdout");
        String separator = System.lineSeparator();
        assertTrue(err.endsWith(separator), "stderr ends its line with the system's separator: " + err);
        String line = err.substring(0, err.length() - separator.length());
        assertTrue(line.startsWith("seqmnist: "), err);
        assertEquals(-1, line.indexOf('\n'), "one line: " + err);
        assertEquals(-1, line.indexOf('\r'), "one line: " + err);
        return line;
    }

    /**
     * stdout with its line breaks as {@code \n}, after asserting that each of them is this system's line separator (so
     * a test may compare it with text written with {@code \n}, and a bare {@code \n} on Windows fails).
     */
    public String outText() {
        String separator = System.lineSeparator();
        String rest = out.replace(separator, "");
        assertEquals(
                -1,
                rest.indexOf('\n'),
                "a line break other than the system's " + separator.length() + "-character one: " + out);
        assertEquals(-1, rest.indexOf('\r'), "a line break other than the system's: " + out);
        return out.replace(separator, "\n");
    }

    public List<String> errLines() {
        return err.lines().toList();
    }

    public List<String> outLines() {
        return out.lines().toList();
    }
}
