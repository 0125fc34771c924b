package io.seqmnist.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seqmnist.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code seqmnist serve} refuses what it cannot do with one line and exit 2. */
class ServeCommandTest {

    /** Runs the command line; returns exit code and what it printed on stderr. */
    private static String[] run(String... args) {
        PrintStream originalErr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int code = Main.execute(args);
            return new String[] {String.valueOf(code), err.toString(StandardCharsets.UTF_8)};
        } finally {
            System.setErr(originalErr);
        }
    }

    private static void assertOneLineError(String[] result, String... mentions) {
        assertEquals("2", result[0], result[1]);
        String message = result[1].strip();
        assertTrue(message.startsWith("seqmnist: "), message);
        assertEquals(1, message.lines().count(), message);
        for (String m : mentions) {
            assertTrue(message.contains(m), "'" + m + "' in: " + message);
        }
    }

    @Test
    void portInUseIsOneLineAndExit2() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            String port = String.valueOf(taken.getLocalPort());
            assertOneLineError(
                    run("serve", "--model-dir", TrainedModels.gru().toString(), "--port", port),
                    "--port " + port,
                    "in use");
        }
    }

    @Test
    void missingModelDirIsOneLineAndExit2(@TempDir Path tmp) {
        Path missing = tmp.resolve("no-such-run");
        assertOneLineError(run("serve", "--model-dir", missing.toString(), "--port", "0"), missing.toString());
    }

    @Test
    void badOptionsAreOneLineAndExit2() {
        assertOneLineError(run("serve"), "--model-dir");
        assertOneLineError(run("serve", "--model-dir", "x", "--port", "70000"), "--port");
        assertOneLineError(run("serve", "--model-dir", "x", "--host", "no.such.host.invalid"), "--host");
    }
}
