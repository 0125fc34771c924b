package io.seqmnist.experiment;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The files that hand a {@link SweepPlan} to a scheduler, one task per run, each running {@code seqmnist task DIR} with
 * the index the scheduler gives it: {@code slurm.sbatch} (a Slurm job array) and {@code kubernetes-job.yaml} (an
 * Indexed Job). Both ask per task for the engine threads of a run in CPUs and {@link #MEMORY_MB} of memory (a run
 * peaked at 675-742 MB resident, bench/README.md).
 */
public final class ClusterFiles {

    public static final String SBATCH = "slurm.sbatch";
    public static final String KUBERNETES = "kubernetes-job.yaml";

    /** Memory per task: a run's measured peak (742 MB for the LSTM) and a margin. */
    static final int MEMORY_MB = 1024;

    /** The JVM's options, as bin/seqmnist sets them: an explicit heap, the serial collector, DJL offline. */
    static final List<String> JVM_OPTIONS = List.of("-Xmx1g", "-XX:+UseSerialGC", "-Dai.djl.offline=true");

    /** Where the container image (the Dockerfile) puts the jar. */
    public static final String IMAGE_JAR = "/opt/seqmnist/seqmnist.jar";

    public static final String IMAGE = "seqmnist:0.1.0";

    /** Indexes retried per index before Kubernetes counts it failed. */
    static final int BACKOFF_LIMIT_PER_INDEX = 3;

    /** Pods at once, at most: a choice for a shared cluster, edited to taste. */
    static final int MAX_PARALLELISM = 16;

    private ClusterFiles() {}

    /** Engine threads a task uses: the most any run of the plan uses. */
    static int cpus(SweepPlan plan) {
        return plan.tasks().stream().mapToInt(t -> t.config().threads()).max().orElse(1);
    }

    /**
     * A Slurm batch script: a job array of one task per run, each with the run's CPUs and {@link #MEMORY_MB}, requeued
     * when its node fails or it is preempted, its output in {@code DIR/logs/task-<index>.out} (appended to across
     * requeues), running {@code java -jar JAR task DIR} (the index from SLURM_ARRAY_TASK_ID).
     */
    public static String sbatch(SweepPlan plan, Path jar) {
        Path dir = plan.dir();
        List<String> command = new ArrayList<>(List.of("java"));
        command.addAll(JVM_OPTIONS);
        command.addAll(List.of("-jar", jar.toAbsolutePath().toString(), "task", dir.toString()));
        return String.join(
                "\n",
                "#!/bin/bash",
                "# A seqmnist sweep as a Slurm job array: task i trains run i of plan.json (written by:",
                "#   " + plan.command() + ")",
                "# Submit: sbatch " + dir.resolve(SBATCH),
                "# A task resumes its run from its checkpoint when requeued; SIGTERM makes it checkpoint first.",
                "#SBATCH --job-name=" + jobName(plan),
                "#SBATCH --array=0-" + (plan.size() - 1),
                "#SBATCH --ntasks=1",
                "#SBATCH --cpus-per-task=" + cpus(plan),
                "#SBATCH --mem=" + MEMORY_MB + "M",
                "#SBATCH --requeue",
                "#SBATCH --open-mode=append",
                "#SBATCH --output=" + dir.resolve("logs").resolve("task-%a.out"),
                "",
                "# glibc's malloc as bin/seqmnist sets it (a training step's buffers stay in the process)",
                "export GLIBC_TUNABLES=${GLIBC_TUNABLES:-glibc.malloc.mmap_threshold=67108864:"
                        + "glibc.malloc.trim_threshold=268435456:glibc.malloc.arena_max=1}",
                "exec " + command.stream().map(ClusterFiles::shellQuote).collect(Collectors.joining(" ")),
                "");
    }

    /**
     * A Kubernetes Indexed Job: {@code completions} one per run, up to {@link #MAX_PARALLELISM} pods at once, each
     * running {@code java -jar IMAGE_JAR task DIR} (the index from JOB_COMPLETION_INDEX) in the image the Dockerfile
     * describes, with the plan folder from a volume mounted at the plan's own path and the data folder read-only at its
     * own. A failed pod is retried as a new pod of the same index, up to {@link #BACKOFF_LIMIT_PER_INDEX} times.
     */
    public static String kubernetesJob(SweepPlan plan) {
        Path dir = plan.dir();
        Path data = plan.dataDir();
        boolean dataInsidePlan = data.startsWith(dir);
        List<String> command = new ArrayList<>(List.of("java"));
        command.addAll(JVM_OPTIONS);
        command.addAll(List.of("-jar", IMAGE_JAR, "task", dir.toString()));
        List<String> lines = new ArrayList<>(List.of(
                "# A seqmnist sweep as a Kubernetes Indexed Job: pod i trains run i of plan.json (written by:",
                "#   " + plan.command() + ")",
                "# The image: the Dockerfile of the project (docker build -t " + IMAGE + " .). The volumes: the"
                        + " claims named below must hold",
                "# the plan folder and the data folder; both are mounted at the paths plan.json names.",
                "# Submit: kubectl apply -f " + dir.resolve(KUBERNETES),
                "apiVersion: batch/v1",
                "kind: Job",
                "metadata:",
                "  name: " + jobName(plan),
                "spec:",
                "  completionMode: Indexed",
                "  completions: " + plan.size(),
                "  parallelism: " + Math.min(plan.size(), MAX_PARALLELISM),
                "  # retries are new pods of the same index (backoffLimitPerIndex needs restartPolicy Never);",
                "  # a retried task resumes from its checkpoint",
                "  backoffLimitPerIndex: " + BACKOFF_LIMIT_PER_INDEX,
                "  # a pod evicted or preempted (it checkpointed on SIGTERM) is not counted as a failure",
                "  podFailurePolicy:",
                "    rules:",
                "      - action: Ignore",
                "        onPodConditions:",
                "          - type: DisruptionTarget",
                "  template:",
                "    spec:",
                "      restartPolicy: Never",
                "      # SIGTERM first: the task checkpoints at its next mini-batch",
                "      terminationGracePeriodSeconds: 60",
                "      containers:",
                "        - name: task",
                "          image: " + IMAGE,
                "          command: ["
                        + command.stream().map(ClusterFiles::yamlQuote).collect(Collectors.joining(", ")) + "]",
                "          env:",
                "            - name: DJL_CACHE_DIR",
                "              value: /tmp/djl",
                "          resources:",
                "            requests:",
                "              cpu: \"" + cpus(plan) + "\"",
                "              memory: " + MEMORY_MB + "Mi",
                "            limits:",
                "              memory: " + (MEMORY_MB * 3 / 2) + "Mi",
                "          volumeMounts:",
                "            - name: plan",
                "              mountPath: " + yamlQuote(dir.toString())));
        if (!dataInsidePlan) {
            lines.addAll(List.of(
                    "            - name: data",
                    "              mountPath: " + yamlQuote(data.toString()),
                    "              readOnly: true"));
        }
        lines.addAll(List.of(
                "      volumes:",
                "        - name: plan",
                "          persistentVolumeClaim:",
                "            claimName: seqmnist-plan"));
        if (!dataInsidePlan) {
            lines.addAll(List.of(
                    "        - name: data",
                    "          persistentVolumeClaim:",
                    "            claimName: seqmnist-data"));
        }
        lines.add("");
        return String.join("\n", lines);
    }

    /** A name both schedulers take: "seqmnist-" and the plan folder's name, lower case, letters, digits, dashes. */
    static String jobName(SweepPlan plan) {
        String folder = plan.dir().getFileName() == null
                ? "sweep"
                : plan.dir().getFileName().toString().toLowerCase(Locale.ROOT);
        String name = ("seqmnist-" + folder.replaceAll("[^a-z0-9]+", "-")).replaceAll("-+$", "");
        return name.length() > 52 ? name.substring(0, 52).replaceAll("-+$", "") : name;
    }

    private static String yamlQuote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static String shellQuote(String arg) {
        return arg.matches("[A-Za-z0-9_./=:,+@%-]+") ? arg : "'" + arg.replace("'", "'\\''") + "'";
    }
}
