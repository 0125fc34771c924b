package io.seqmnist.experiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.seqmnist.train.Checkpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance (issue 8): real training runs in child JVMs, killed with SIGKILL in the middle of epochs and resumed with
 * --resume, end exactly as an uninterrupted run: the same loss and accuracy columns in metrics.csv and the same bytes
 * in the model file; at the assignment's constant rate and (issue 20) under a cosine schedule with warm-up,
 * gradient-norm clipping and weight decay. And Ctrl-C (SIGINT) stops a run with exit status 130 and one line giving the
 * exact command that resumes it.
 */
class KillAndResumeTest {

    private static final int EPOCHS = 3;
    /** Every training setting whose state or position in the run a resume must get right. */
    private static final String[] COSINE = {
        "--lr",
        "0.003",
        "--lr-schedule",
        "cosine",
        "--warmup-epochs",
        "0.5",
        "--clip-norm",
        "1",
        "--weight-decay",
        "0.0001"
    };

    @TempDir
    static Path tmp;

    private static Path data;
    private static Path reference;
    /** Seconds of one epoch (training and test) in the reference run. */
    private static double epochSeconds;

    @BeforeAll
    static void uninterruptedRun() throws Exception {
        data = RunFixtures.writeIdx(tmp.resolve("data"), RunFixtures.smallMnist(2000, 300));
        reference = tmp.resolve("reference");
        Process p = start(reference, "reference");
        assertEquals(0, p.waitFor(), log("reference"));
        epochSeconds = new RunDirectory(reference)
                .readMetrics().stream()
                        .mapToDouble(r -> r.trainSeconds() + r.testSeconds())
                        .average()
                        .orElseThrow();
    }

    @Test
    void killedAtSeveralPointsAndResumedEndsAsTheUninterruptedRun() throws Exception {
        killAtSeveralPointsAndResume(reference, "killed", 8);
    }

    @Test
    void killedUnderACosineScheduleWithClippingEndsAsTheUninterruptedRun() throws Exception {
        Path cosineReference = tmp.resolve("cosine-reference");
        Process p = start(cosineReference, "cosine-reference", COSINE);
        assertEquals(0, p.waitFor(), log("cosine-reference"));
        String summary = Files.readString(cosineReference.resolve(RunDirectory.SUMMARY));
        assertTrue(summary.contains("\"lr_schedule\": \"cosine\"") && summary.contains("\"clip_norm\": 1.0"), summary);
        killAtSeveralPointsAndResume(cosineReference, "cosine-killed", 20, COSINE);
    }

    /** Kills a run at random points, resumes it each time, and compares it with the reference. */
    private static void killAtSeveralPointsAndResume(Path reference, String name, long seed, String... settings)
            throws Exception {
        Path run = tmp.resolve(name);
        Random random = new Random(seed);
        List<String> kills = new ArrayList<>();
        // kill once during start-up or epoch 1, then a random time after epochs 1, 2, 3 were
        // written (the last one lands while the model and summary are being saved, or later)
        for (int afterEpoch = 0; afterEpoch <= EPOCHS; afterEpoch++) {
            Process p = start(run, name, concat(settings, "--resume"));
            int epoch = afterEpoch;
            waitUntil(
                    () -> !p.isAlive() || (epoch == 0 ? log(name).contains("training ") : epochsWritten(run) >= epoch),
                    "epoch " + epoch,
                    name);
            // within half an epoch: epochSeconds is the reference's mean, its slow first epoch
            // included, and a later epoch can end sooner (0.8 of it let a run finish first)
            long delayMs = epoch == EPOCHS ? 0 : (long) (random.nextDouble() * epochSeconds * 500);
            Thread.sleep(delayMs);
            if (!p.isAlive()) {
                assertEquals(0, p.exitValue(), log(name));
                continue;
            }
            p.destroyForcibly();
            assertEquals(137, p.waitFor(), "128 + SIGKILL");
            if (!Files.exists(run.resolve(RunDirectory.SUMMARY))) {
                kills.add(String.format(
                        "%.2f s after epoch %d (checkpoint at epoch %d)", delayMs / 1000.0, epoch, savedEpoch(run)));
            }
        }
        Process last = start(run, name, concat(settings, "--resume"));
        assertEquals(0, last.waitFor(), log(name));
        System.out.println(name + ": SIGKILL landed in an unfinished run " + kills.size() + " times: " + kills);
        assertTrue(kills.size() >= 3, "at least three kills interrupted the run: " + kills);
        assertSameAsReference(reference, run);
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    @Test
    @EnabledOnOs(value = OS.LINUX, disabledReason = "sends SIGINT with kill and GNU env")
    void ctrlCStopsWithStatus130AndTheExactResumeCommand() throws Exception {
        Path run = tmp.resolve("interrupted");
        Process p = start(run, "interrupted", SIGINT_AS_IN_A_TERMINAL);
        waitUntil(() -> !p.isAlive() || epochsWritten(run) >= 1, "epoch 1", "interrupted");
        assertTrue(p.isAlive(), "still training when interrupted");
        new ProcessBuilder("kill", "-INT", String.valueOf(p.pid())).start().waitFor();
        assertEquals(130, p.waitFor(), "128 + SIGINT; " + log("interrupted"));
        assertFalse(Files.exists(run.resolve(RunDirectory.SUMMARY)), "stopped before the end");

        List<String> messages = log("interrupted")
                .lines()
                .filter(line -> line.startsWith("seqmnist: "))
                .toList();
        assertEquals(1, messages.size(), log("interrupted"));
        String message = messages.get(0);
        int saved = savedEpoch(run);
        String expected = "seqmnist: interrupted; " + run + " keeps " + savedPosition(run) + "; resume with: ";
        assertTrue(message.startsWith(expected), message);
        List<String> command = List.of(message.substring(expected.length()).split(" "));
        assertEquals("bin/seqmnist", command.get(0), "the project's launcher, from its folder");
        assertEquals("--resume", command.get(command.size() - 1));

        Process resumed = startWithArgs(command.subList(1, command.size()), "interrupted");
        assertEquals(0, resumed.waitFor(), log("interrupted"));
        assertTrue(log("interrupted").contains("resuming after epoch " + saved + " of 3"), log("interrupted"));
        assertSameAsReference(reference, run);
    }

    private static void assertSameAsReference(Path reference, Path run) throws IOException {
        assertEquals(RunFixtures.lossAndAccuracy(reference), RunFixtures.lossAndAccuracy(run));
        assertEquals(EPOCHS + 1, RunFixtures.lossAndAccuracy(run).size());
        assertArrayEquals(
                RunFixtures.modelBytes(reference, EPOCHS), RunFixtures.modelBytes(run, EPOCHS), "final parameters");
        assertEquals(
                Files.readString(reference.resolve(RunDirectory.GRADIENT_FLOW)),
                Files.readString(run.resolve(RunDirectory.GRADIENT_FLOW)),
                "gradient flow");
    }

    /**
     * A background job of a non-interactive shell (mvn test &) starts with SIGINT ignored, and its children inherit
     * that; a JVM then never sees Ctrl-C. GNU env resets it to the default.
     */
    private static final List<String> SIGINT_AS_IN_A_TERMINAL = List.of("env", "--default-signal=INT");

    private static Process start(Path out, String logName, String... extra) throws IOException {
        return start(out, logName, List.of(), extra);
    }

    private static Process start(Path out, String logName, List<String> prefix, String... extra) throws IOException {
        List<String> args = new ArrayList<>(List.of(
                "train",
                "--model",
                "rnn",
                "--epochs",
                "" + EPOCHS,
                "--batch-size",
                "32",
                "--limit",
                "1500",
                "--data-dir",
                data.toString(),
                "--out",
                out.toString()));
        args.addAll(List.of(extra));
        return startWithArgs(prefix, args, logName);
    }

    private static Process startWithArgs(List<String> args, String logName) throws IOException {
        return startWithArgs(List.of(), args, logName);
    }

    /** bin/seqmnist's JVM, on the test class path, logging stdout and stderr to one file. */
    private static Process startWithArgs(List<String> prefix, List<String> args, String logName) throws IOException {
        List<String> command = new ArrayList<>(prefix);
        command.addAll(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-XX:+UseSerialGC",
                "-Dai.djl.offline=true",
                "-cp",
                System.getProperty("java.class.path"),
                "io.seqmnist.cli.Main"));
        command.addAll(args);
        Path log = tmp.resolve(logName + ".log");
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
    }

    private static String log(String name) {
        try {
            Path file = tmp.resolve(name + ".log");
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static int epochsWritten(Path run) {
        try {
            Path metrics = run.resolve(RunDirectory.METRICS);
            return Files.exists(metrics) ? Files.readAllLines(metrics).size() - 1 : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /** 1,500 images in batches of 32. */
    private static final int BATCHES_PER_EPOCH = 47;

    /** What the checkpoint holds, as the interrupt notice says it: "epoch 1 of 3 [and 12 of 47 batches of epoch 2]". */
    private static String savedPosition(Path run) {
        Checkpoint checkpoint = CheckpointFile.load(run.resolve(CheckpointFile.FILE));
        return TrainRun.kept(checkpoint, checkpoint.header().config(), BATCHES_PER_EPOCH);
    }

    /**
     * Issue 29: SIGTERM (what Slurm and Kubernetes send before they kill) within an epoch makes the run checkpoint at
     * the next mini-batch, with checkpoints otherwise only at epochs' ends; the run resumes from that batch and ends
     * with the numbers of the run never stopped.
     */
    @Test
    @DisabledOnOs(value = OS.WINDOWS, disabledReason = "Process.destroy() sends SIGTERM on Linux and macOS only")
    void sigtermWithinAnEpochCheckpointsThereAndTheResumedRunEndsAsTheUninterruptedOne() throws Exception {
        Path run = tmp.resolve("terminated");
        List<String> partial = new ArrayList<>();
        for (int attempt = 0; attempt < 4 && partial.isEmpty(); attempt++) {
            Process p = start(run, "terminated", "--resume", "--checkpoint-minutes", "0");
            int before = epochsWritten(run);
            waitUntil(() -> !p.isAlive() || epochsWritten(run) > before, "an epoch", "terminated");
            Thread.sleep((long) (epochSeconds * 300)); // within the next epoch's training
            if (!p.isAlive()) {
                break;
            }
            p.destroy(); // SIGTERM
            assertEquals(143, p.waitFor(), "128 + SIGTERM; " + log("terminated"));
            Checkpoint saved = CheckpointFile.load(run.resolve(CheckpointFile.FILE));
            if (saved.batchesIntoEpoch() > 0) { // with --checkpoint-minutes 0, only the signal makes one
                partial.add(savedPosition(run));
            }
        }
        assertFalse(partial.isEmpty(), "SIGTERM landed within an epoch:\n" + log("terminated"));
        Process last = start(run, "terminated", "--resume");
        assertEquals(0, last.waitFor(), log("terminated"));
        assertTrue(log("terminated").contains("resuming after epoch "), log("terminated"));
        System.out.println("terminated: checkpoint on SIGTERM at " + partial);
        assertSameAsReference(reference, run);
    }

    private static int savedEpoch(Path run) {
        Path file = run.resolve(CheckpointFile.FILE);
        return Files.exists(file) ? CheckpointFile.load(file).epoch() : 0;
    }

    private static void waitUntil(BooleanSupplier condition, String what, String logName) throws InterruptedException {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting for " + what + ":\n" + log(logName));
            }
            Thread.sleep(10);
        }
    }
}
