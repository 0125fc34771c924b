package io.seqmnist.cli;

import io.seqmnist.UserError;
import io.seqmnist.experiment.ClusterFiles;
import io.seqmnist.experiment.Launcher;
import io.seqmnist.experiment.RunDirectory;
import io.seqmnist.experiment.RunPlan;
import io.seqmnist.experiment.SweepPlan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** {@code --plan DIR} of compare and tune: the sweep written down for a scheduler, nothing trained. */
final class PlanFiles {

    private PlanFiles() {}

    /**
     * Writes DIR/plan.json, then DIR/slurm.sbatch and DIR/kubernetes-job.yaml, and creates DIR/logs (Slurm's output
     * files go there and Slurm does not create folders). A folder holding another plan is refused before anything is
     * written.
     */
    static SweepPlan write(
            Path dir, String kind, RunPlan plan, Path dataDir, String accel, String command, List<String> reportArgs) {
        SweepPlan sweep = SweepPlan.of(dir, kind, plan, dataDir, accel, command, reportArgs);
        sweep.write();
        Path jar = Launcher.builtJar();
        RunDirectory.writeAtomically(sweep.dir().resolve(ClusterFiles.SBATCH), ClusterFiles.sbatch(sweep, jar));
        RunDirectory.writeAtomically(sweep.dir().resolve(ClusterFiles.KUBERNETES), ClusterFiles.kubernetesJob(sweep));
        try {
            Files.createDirectories(sweep.dir().resolve("logs"));
        } catch (IOException e) {
            throw new UserError(sweep.dir().resolve("logs") + ": cannot create (" + e.getMessage() + ")");
        }
        String program = Launcher.programName();
        System.out.printf("%s: planned %d runs in %s, nothing trained%n", kind, sweep.size(), sweep.dir());
        System.out.printf("  one task:   %s task %s INDEX   (INDEX 0 to %d)%n", program, dir, sweep.size() - 1);
        System.out.printf("  Slurm:      sbatch %s%n", sweep.dir().resolve(ClusterFiles.SBATCH));
        System.out.printf("  Kubernetes: kubectl apply -f %s%n", sweep.dir().resolve(ClusterFiles.KUBERNETES));
        System.out.printf("  the report: %s report %s%n", program, dir);
        if (!Files.isRegularFile(jar)) {
            System.out.printf(
                    "  build the jar the tasks run first (%s is missing): ./mvnw -B package -Dmaven.test.skip=true%n",
                    jar);
        }
        return sweep;
    }
}
