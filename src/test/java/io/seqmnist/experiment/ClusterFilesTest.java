package io.seqmnist.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.seqmnist.UserError;
import io.seqmnist.model.ModelKind;
import io.seqmnist.train.Recipe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The files that hand a plan to a scheduler: kubernetes-job.yaml parsed with fabric8's Kubernetes model as a batch/v1
 * Indexed Job of one completion per run, and slurm.sbatch as a job array of one task per run.
 */
class ClusterFilesTest {

    @TempDir
    Path tmp;

    private SweepPlan plan(Path dir, Path data) {
        RunPlan runs = RunPlan.of(
                List.of(RunSpec.parse("rnn:h=64", "--models"), RunSpec.of(ModelKind.GRU)),
                3,
                List.of(Recipe.ASSIGNMENT),
                (model, seed, recipe) ->
                        RunFixtures.config(model, 2, 64, 150, 0.001f).with(c -> c.seed = seed),
                dir);
        return SweepPlan.of(dir, "compare", runs, data, "off", "bin/seqmnist compare --plan " + dir, List.of());
    }

    @Test
    void theKubernetesJobIsAnIndexedBatchV1JobOfOneCompletionPerRun() {
        Path dir = tmp.resolve("sweep");
        SweepPlan plan = plan(dir, tmp.resolve("data/mnist"));
        Job job = new KubernetesSerialization().unmarshal(ClusterFiles.kubernetesJob(plan), Job.class);

        assertEquals("batch/v1", job.getApiVersion());
        assertEquals("Job", job.getKind());
        assertEquals("seqmnist-sweep", job.getMetadata().getName());
        assertEquals("Indexed", job.getSpec().getCompletionMode());
        assertEquals(6, job.getSpec().getCompletions(), "one per run: 2 models x 3 seeds");
        assertEquals(6, job.getSpec().getParallelism());
        assertEquals(3, job.getSpec().getBackoffLimitPerIndex());
        PodSpec pod = job.getSpec().getTemplate().getSpec();
        assertEquals("Never", pod.getRestartPolicy(), "what backoffLimitPerIndex requires");
        assertEquals(
                "DisruptionTarget",
                job.getSpec()
                        .getPodFailurePolicy()
                        .getRules()
                        .get(0)
                        .getOnPodConditions()
                        .get(0)
                        .getType());

        Container task = pod.getContainers().get(0);
        List<String> command = task.getCommand();
        assertEquals("java", command.get(0));
        assertEquals(
                List.of("-jar", ClusterFiles.IMAGE_JAR, "task", plan.dir().toString()),
                command.subList(command.size() - 4, command.size()),
                "the task of JOB_COMPLETION_INDEX, no index given");
        assertEquals(new Quantity("1024Mi"), task.getResources().getRequests().get("memory"));
        assertEquals(new Quantity("1"), task.getResources().getRequests().get("cpu"));

        VolumeMount planMount = mount(task, "plan");
        assertEquals(plan.dir().toString(), planMount.getMountPath(), "the plan folder at the path plan.json names");
        VolumeMount dataMount = mount(task, "data");
        assertEquals(plan.dataDir().toString(), dataMount.getMountPath());
        assertTrue(dataMount.getReadOnly());
        Volume planVolume = pod.getVolumes().stream()
                .filter(v -> v.getName().equals("plan"))
                .findFirst()
                .orElseThrow();
        assertEquals("seqmnist-plan", planVolume.getPersistentVolumeClaim().getClaimName());
    }

    @Test
    void dataInsideThePlanFolderNeedsNoVolumeOfItsOwn() {
        Path dir = tmp.resolve("sweep");
        SweepPlan plan = plan(dir, dir.resolve("data"));
        Job job = new KubernetesSerialization().unmarshal(ClusterFiles.kubernetesJob(plan), Job.class);
        PodSpec pod = job.getSpec().getTemplate().getSpec();
        assertEquals(
                List.of("plan"), pod.getVolumes().stream().map(Volume::getName).toList());
    }

    private static VolumeMount mount(Container container, String volume) {
        return container.getVolumeMounts().stream()
                .filter(m -> m.getName().equals(volume))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no mount of " + volume));
    }

    @Test
    void theSlurmScriptIsAnArrayOfOneTaskPerRunRunningTheJar() {
        Path dir = tmp.resolve("Sweep 1");
        SweepPlan plan = plan(dir, tmp.resolve("data"));
        Path jar = tmp.resolve("target/seqmnist.jar");
        List<String> lines = ClusterFiles.sbatch(plan, jar).lines().toList();
        assertEquals("#!/bin/bash", lines.get(0));
        assertTrue(lines.contains("#SBATCH --array=0-5"), String.join("\n", lines));
        assertTrue(lines.contains("#SBATCH --cpus-per-task=1"));
        assertTrue(lines.contains("#SBATCH --mem=1024M"));
        assertTrue(lines.contains("#SBATCH --requeue"));
        assertTrue(lines.contains("#SBATCH --job-name=seqmnist-sweep-1"));
        assertTrue(lines.contains("#SBATCH --output=" + plan.dir().resolve("logs/task-%a.out")));
        String exec = lines.get(lines.size() - 1);
        assertEquals(
                "exec java -Xmx1g -XX:+UseSerialGC -Dai.djl.offline=true -jar " + jar.toAbsolutePath() + " task '"
                        + plan.dir() + "'",
                exec);
    }

    @Test
    void planJsonRoundTripsAndRefusesAnotherPlanInItsFolder() throws Exception {
        Path dir = tmp.resolve("sweep");
        SweepPlan plan = plan(dir, tmp.resolve("data"));
        plan.write();
        SweepPlan read = SweepPlan.read(dir);
        assertEquals(plan.tasks(), read.tasks());
        assertEquals("rnn:h=64", read.tasks().get(0).spec(), "the run spec, as --models takes it");
        assertEquals("runs/rnn-h64-seed0", read.tasks().get(0).folder());
        assertEquals(64, read.tasks().get(0).config().hiddenSize());
        assertTrue(String.join(" ", read.tasks().get(0).trainOptions()).contains("--hidden 64"));
        assertEquals(RunSpec.parse("rnn:h=64", "--models"), read.runs().get(0).spec());
        assertEquals("runs/gru-seed0", read.tasks().get(1).folder());
        assertEquals(
                ChildRun.trainOptions(read.tasks().get(3).config()),
                read.tasks().get(3).trainOptions());
        plan.write(); // the same plan again: fine

        String before = Files.readString(dir.resolve(SweepPlan.FILE));
        SweepPlan other = SweepPlan.of(
                dir,
                "compare",
                RunPlan.of(List.of(new RunPlan.Run(
                        RunFixtures.config("lstm", 1, 64, 0.001f), new RunDirectory(dir.resolve("runs/lstm-seed0"))))),
                tmp,
                "off",
                "another",
                List.of());
        UserError refused = assertThrows(UserError.class, other::write);
        assertTrue(refused.getMessage().contains("holds another plan"), refused.getMessage());
        assertEquals(before, Files.readString(dir.resolve(SweepPlan.FILE)), "left as it was");

        Files.writeString(dir.resolve(SweepPlan.FILE), "{\"format\": \"something else\"}");
        assertThrows(UserError.class, () -> SweepPlan.read(dir));
        UserError missing = assertThrows(UserError.class, () -> SweepPlan.read(tmp.resolve("nowhere")));
        assertTrue(missing.getMessage().contains("plan.json: not found"), missing.getMessage());
        assertFalse(missing.getMessage().contains("\n"));
    }
}
