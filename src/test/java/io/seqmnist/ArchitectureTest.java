package io.seqmnist;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The packages' layers, from the bottom: data, model, train, experiment; then report, predict and bench side by side;
 * serve; cli on top. A layer uses only the layers below it. The root package (UserError, AtomicFile, ...) is used by
 * all and uses none; the accelerator uses any layer below cli and is used by cli alone. Layers that do not exist yet
 * are allowed to be empty.
 */
@AnalyzeClasses(packages = "io.seqmnist", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule layers = layeredArchitecture()
            .consideringOnlyDependenciesInAnyPackage("io.seqmnist..")
            .withOptionalLayers(true)
            .layer("Root")
            .definedBy("io.seqmnist")
            .layer("Data")
            .definedBy("io.seqmnist.data..")
            .layer("Model")
            .definedBy("io.seqmnist.model..")
            .layer("Train")
            .definedBy("io.seqmnist.train..")
            .layer("Experiment")
            .definedBy("io.seqmnist.experiment..")
            .layer("Report")
            .definedBy("io.seqmnist.report..")
            .layer("Predict")
            .definedBy("io.seqmnist.predict..")
            .layer("Bench")
            .definedBy("io.seqmnist.bench..")
            .layer("Serve")
            .definedBy("io.seqmnist.serve..")
            .layer("Accel")
            .definedBy("io.seqmnist.accel..")
            .layer("Cli")
            .definedBy("io.seqmnist.cli..")
            .whereLayer("Root")
            .mayNotAccessAnyLayer()
            .whereLayer("Data")
            .mayOnlyAccessLayers("Root")
            .whereLayer("Model")
            .mayOnlyAccessLayers("Root", "Data")
            .whereLayer("Train")
            .mayOnlyAccessLayers("Root", "Data", "Model")
            .whereLayer("Experiment")
            .mayOnlyAccessLayers("Root", "Data", "Model", "Train")
            .whereLayer("Report")
            .mayOnlyAccessLayers("Root", "Data", "Model", "Train", "Experiment")
            .whereLayer("Predict")
            .mayOnlyAccessLayers("Root", "Data", "Model", "Train", "Experiment")
            .whereLayer("Bench")
            .mayOnlyAccessLayers("Root", "Data", "Model", "Train", "Experiment")
            .whereLayer("Serve")
            .mayOnlyAccessLayers("Root", "Data", "Model", "Train", "Experiment", "Predict")
            .whereLayer("Accel")
            .mayOnlyAccessLayers("Root", "Data", "Model", "Train", "Experiment", "Report", "Predict", "Bench", "Serve")
            .whereLayer("Accel")
            .mayOnlyBeAccessedByLayers("Cli")
            .ensureAllClassesAreContainedInArchitecture()
            .because("a package that builds only on the ones below it can be understood, tested and"
                    + " changed without the ones above; the accelerator is optional and specific to"
                    + " a machine, so only the entry point (cli) may switch it on");

    @ArchTest
    static final ArchRule engine_internals_only_in_one_core_class = noClasses()
            .that()
            .resideOutsideOfPackage("io.seqmnist.accel..")
            .and()
            .doNotHaveFullyQualifiedName("io.seqmnist.model.PyTorchGradMode")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("ai.djl.pytorch..")
            .because("the core is plain DJL: the PyTorch engine's internals (JniUtils) are used by the"
                    + " accelerator and, for the LSTM kernel's workaround, by model.PyTorchGradMode alone");

    @ArchTest
    static final ArchRule no_cycles_between_top_level_packages = slices().matching("io.seqmnist.(*)..")
            .should()
            .beFreeOfCycles()
            .because("packages that use each other cannot be understood, tested or moved one at a time");

    @ArchTest
    static final ArchRule no_cycles_between_any_packages = slices().matching("io.seqmnist.(**)")
            .should()
            .beFreeOfCycles()
            .because("a sub-package and its parent (model.scratch and model) that use each other are one"
                    + " package in two folders: one of them must stand below the other");
}
