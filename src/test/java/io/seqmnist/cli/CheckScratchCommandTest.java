package io.seqmnist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code check-scratch}: one line per unit, exit 0 when all three agree; bad options exit 2. */
class CheckScratchCommandTest {

    @Test
    void printsOneLinePerUnitAndExits0() {
        Output out = run("check-scratch", "--batch-size", "8", "--seed", "2");
        assertEquals(0, out.code, out.text);
        List<String> lines = out.text.lines().toList();
        assertEquals(4, lines.size(), out.text); // a header, then rnn, gru, lstm
        String[] units = {"rnn", "gru", "lstm"};
        for (int i = 0; i < 3; i++) {
            String line = lines.get(i + 1);
            assertTrue(line.startsWith(units[i] + " ") && line.contains("scratch-" + units[i]), line);
            assertTrue(
                    line.contains("output") && line.contains("grad l_0_h2h_WEIGHT") && line.contains("-> equal"), line);
        }
        assertTrue(lines.get(3).contains("c_T"), lines.get(3));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "check-scratch --batch-size 0  | --batch-size must be at least 1",
                "check-scratch --seed -1       | --seed must be 0 or more",
                "check-scratch --seed one      | --seed",
            })
    void badOptionGivesOneLineAndExit2(String args, String expected) {
        Output err = run(args.trim().split("\\s+"));
        assertEquals(2, err.code, err.text);
        assertEquals(1, err.text.lines().count(), err.text);
        assertTrue(err.text.startsWith("seqmnist: ") && err.text.contains(expected), err.text);
    }

    private record Output(int code, String text) {}

    /** Runs the command; returns stdout on exit 0, else stderr. */
    private static Output run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream savedOut = System.out;
        PrintStream savedErr = System.err;
        System.setOut(new PrintStream(out, true));
        System.setErr(new PrintStream(err, true));
        int code;
        try {
            code = Main.execute(args);
        } finally {
            System.setOut(savedOut);
            System.setErr(savedErr);
        }
        return new Output(code, (code == 0 ? out : err).toString().strip());
    }
}
