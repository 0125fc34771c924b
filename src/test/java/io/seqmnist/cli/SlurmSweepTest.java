package io.seqmnist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.seqmnist.TestData;
import io.seqmnist.experiment.SweepPlan;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 29: a sweep of 4 tiny runs planned by {@code compare --plan}, submitted to a real Slurm with the generated
 * slurm.sbatch (a job array; each task runs {@code java -jar JAR task DIR}, its index from SLURM_ARRAY_TASK_ID), and
 * the report made from the folders the tasks left. Slurm runs on this one machine: under {@code CI=true} on Linux with
 * apt-get, {@code .ci/start-slurm} installs Debian's slurm-wlm and munge when missing and starts them (as root, or with
 * sudo). Elsewhere the test is skipped with a line saying so.
 */
class SlurmSweepTest {

    @TempDir
    Path tmp;

    @Test
    void aPlannedSweepRunsAsASlurmJobArrayAndReportsFromItsFolders() throws Exception {
        String why = unavailable();
        if (why != null) {
            System.out.println("SlurmSweepTest: skipped: " + why);
            Assumptions.abort(why);
        }
        Path project = Path.of("").toAbsolutePath();
        run(List.of("bash", project.resolve(".ci/start-slurm").toString()), "start-slurm", 420);

        // the jar the sbatch file runs: here a jar of the test's class path (the built jar is made after the tests)
        Path home = tmp.resolve("home");
        Path jar = classPathJar(home.resolve("target").resolve("seqmnist.jar"));
        String data = TestData.writeDataset(tmp.resolve("data"), 320, 300, true).toString();
        Path dir = tmp.resolve("sweep");
        List<String> plan = new ArrayList<>(List.of(
                java(),
                "-Dseqmnist.home=" + home,
                "-Dai.djl.offline=true",
                "-jar",
                jar.toString(),
                "compare",
                "--models",
                "rnn,gru",
                "--seeds",
                "2",
                "--epochs",
                "2",
                "--limit",
                "200",
                "--data-dir",
                data,
                "--plan",
                dir.toString()));
        run(plan, "plan", 120);
        String sbatch = Files.readString(dir.resolve("slurm.sbatch"));
        assertTrue(sbatch.contains("#SBATCH --array=0-3") && sbatch.contains("-jar " + jar + " task " + dir), sbatch);

        String submitted =
                run(List.of("sbatch", "--parsable", dir.resolve("slurm.sbatch").toString()), "sbatch", 60);
        String job = submitted.strip().split(";")[0];
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (!run(List.of("squeue", "-h", "-j", job), "squeue", 30).isBlank()) {
            if (System.nanoTime() > deadline) {
                run(List.of("scancel", job), "scancel", 30);
                fail("job " + job + " still queued or running after 5 minutes:\n" + logs(dir));
            }
            Thread.sleep(500);
        }

        SweepPlan read = SweepPlan.read(dir);
        for (SweepPlan.Task t : read.tasks()) {
            assertTrue(read.finished(t), "task " + t.index() + " finished:\n" + logs(dir));
            Path log = dir.resolve("logs").resolve("task-" + t.index() + ".out");
            assertTrue(
                    Files.readString(log).contains("task " + t.index() + " (" + t.name() + "): training into"),
                    log + ":\n" + Files.readString(log));
        }
        assertEquals(0, Main.execute("report", dir.toString(), "--data-dir", data));
        List<String> rows = Files.readAllLines(dir.resolve("summary.csv"));
        assertEquals(
                List.of("rnn,assignment,0", "gru,assignment,0", "rnn,assignment,1", "gru,assignment,1"),
                rows.subList(1, rows.size()).stream()
                        .map(r -> String.join(",", List.of(r.split(",")).subList(0, 3)))
                        .toList());
        assertTrue(Files.readString(dir.resolve("REPORT.md")).contains("4 runs trained as the tasks of a plan"));
    }

    /** Why Slurm cannot be had here, or null. */
    private static String unavailable() {
        if (!"true".equals(System.getenv("CI"))) {
            return "Slurm is installed and started only under CI=true (it writes /etc/slurm and starts daemons)";
        }
        if (!System.getProperty("os.name").startsWith("Linux")) {
            return "Slurm runs on Linux only; this is " + System.getProperty("os.name");
        }
        if (!Files.isExecutable(Path.of("/usr/bin/apt-get"))) {
            return "no apt-get to install Debian's slurm-wlm and munge with";
        }
        return null;
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** An empty jar whose manifest runs seqmnist's Main on this test's class path (absolute file: URLs). */
    private static Path classPathJar(Path jar) throws IOException {
        Files.createDirectories(jar.getParent());
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.put(Attributes.Name.MAIN_CLASS, Main.class.getName());
        main.put(
                Attributes.Name.CLASS_PATH,
                List.of(System.getProperty("java.class.path").split(File.pathSeparator)).stream()
                        .map(entry -> Path.of(entry).toAbsolutePath().toUri().toString())
                        .collect(Collectors.joining(" ")));
        try (OutputStream out = Files.newOutputStream(jar);
                JarOutputStream ignored = new JarOutputStream(out, manifest)) {
            // the manifest is the whole jar
        }
        return jar;
    }

    /** Runs a command with java on the PATH; returns its output, or fails with it. */
    private String run(List<String> command, String name, int timeoutSeconds) throws Exception {
        Path log = tmp.resolve(name + ".log");
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("PATH", Path.of(java()).getParent() + File.pathSeparator + System.getenv("PATH"));
        Process p = builder.start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(name + " ran over " + timeoutSeconds + " s:\n" + Files.readString(log));
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), name + ": " + String.join(" ", command) + "\n" + output);
        return output;
    }

    private static String logs(Path dir) {
        try (var files = Files.list(dir.resolve("logs"))) {
            StringBuilder all = new StringBuilder();
            for (Path f : files.sorted().toList()) {
                all.append("== ").append(f.getFileName()).append('\n').append(Files.readString(f));
            }
            return all.toString();
        } catch (IOException e) {
            return e.toString();
        }
    }
}
