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

    /** Asserts a user error: exit 2, nothing on stdout, one "seqmnist: " line on stderr; returns it. */
    public String userError() {
        assertEquals(2, exitCode, "exit status; stderr: " + err);
        assertEquals("", out, "stdout");
        assertTrue(err.endsWith("\n"), "stderr ends its line: " + err);
        String line = err.substring(0, err.length() - 1);
        assertTrue(line.startsWith("seqmnist: "), err);
        assertEquals(-1, line.indexOf('\n'), "one line: " + err);
        assertEquals(-1, line.indexOf('\r'), "one line: " + err);
        return line;
    }

    public List<String> errLines() {
        return err.lines().toList();
    }

    public List<String> outLines() {
        return out.lines().toList();
    }
}
