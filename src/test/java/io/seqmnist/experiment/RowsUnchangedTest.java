package io.seqmnist.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.seqmnist.TestData;
import io.seqmnist.cli.Main;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * T = 28 (rows, the default, and {@code --seq-len 28} given explicitly) trains bit for bit as the code did before
 * sequence lengths existed: the expected epochs and parameter files below were recorded by that code (main at 7476eba
 * merged with issue-29's branch) on the same synthetic data, with the same commands.
 */
class RowsUnchangedTest {

    @TempDir
    Path tmp;

    static Stream<Arguments> recorded() {
        return Stream.of(
                Arguments.of(
                        "rnn",
                        List.of("1,2.377001,0.084375,0.080000", "2,2.362848,0.090625,0.080000"),
                        "d5f86fba60af174dbebf8f2799bf26e69ff5965d24e3d4b4e726f4d0125a7924"),
                Arguments.of(
                        "gru",
                        List.of("1,2.338085,0.084375,0.123333", "2,2.326690,0.093750,0.116667"),
                        "c7c165071968c8a4f75ef9d55257e0a99694b86ad6197b25f2507488764b116f"),
                Arguments.of(
                        "lstm",
                        List.of("1,2.302922,0.106250,0.126667", "2,2.299232,0.109375,0.113333"),
                        "d8767bbffe1a43d27d2b388870625dca1253a8a395eeb77568bed70267f3b29d"));
    }

    @ParameterizedTest
    @MethodSource("recorded")
    void aRunAtTwentyEightStepsIsTheRunOfBefore(String model, List<String> epochs, String paramsSha256)
            throws Exception {
        String data = TestData.writeDataset(tmp.resolve("data"), 320, 300, true).toString();
        for (String[] extra : List.of(new String[0], new String[] {"--seq-len", "28"})) {
            Path out = tmp.resolve(model + extra.length);
            String[] args = {
                "train",
                "--model",
                model,
                "--hidden",
                "8",
                "--epochs",
                "2",
                "--accel",
                "off",
                "--data-dir",
                data,
                "--out",
                out.toString()
            };
            assertEquals(
                    0,
                    Main.execute(
                            Stream.concat(Stream.of(args), Stream.of(extra)).toArray(String[]::new)));
            List<String> rows = Files.readAllLines(out.resolve(RunDirectory.METRICS)).stream()
                    .skip(1)
                    .map(r -> String.join(",", List.of(r.split(",")).subList(0, 4)))
                    .toList();
            String sha = HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256")
                            .digest(Files.readAllBytes(out.resolve("model-0002.params"))));
            assertEquals(epochs, rows, model + " " + List.of(extra));
            assertEquals(paramsSha256, sha, model + " " + List.of(extra));
            // still checkpoint format 3, as readable by the code before sequence lengths
            byte[] checkpoint = Files.readAllBytes(out.resolve(CheckpointFile.FILE));
            assertEquals(
                    3,
                    java.nio.ByteBuffer.wrap(checkpoint, 2 + "seqmnist checkpoint".length(), 4)
                            .getInt());
        }
    }
}
