package io.seqmnist.accel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.Model;
import io.seqmnist.Backend;
import io.seqmnist.data.Mnist;
import io.seqmnist.experiment.RunDirectory;
import io.seqmnist.experiment.RunFixtures;
import io.seqmnist.experiment.TrainRun;
import io.seqmnist.train.EpochResult;
import io.seqmnist.train.PortableAdam;
import io.seqmnist.train.TrainConfig;
import io.seqmnist.train.Training;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A checkpoint holds Adam's moments as floats, whichever Adam wrote them: a run checkpointed under the accelerator's
 * Adam and resumed under the portable one (and the other way round) ends exactly as a run that never stopped. This
 * holds where both give DJL's bits, as here: the Java Adam takes the engine's own square root.
 */
@OnLinuxX86
class CheckpointAcrossAdamsTest {

    private static final Mnist DATA = RunFixtures.smallMnist(200, 100);
    private static final Backend.AdamFactory JAVA = JavaAdam::new;
    private static final Backend.AdamFactory PORTABLE = PortableAdam::new;
    private static final Backend ACCELERATOR = Backend.current();

    @TempDir
    Path tmp;

    private static final class SimulatedCrash extends RuntimeException {}

    @AfterEach
    void backToTheAccelerators() {
        Backend.use(ACCELERATOR);
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void resumedUnderTheOtherAdamEqualsTheUninterruptedRun(boolean javaFirst) throws Exception {
        Backend.AdamFactory first = javaFirst ? JAVA : PORTABLE;
        Backend.AdamFactory second = javaFirst ? PORTABLE : JAVA;
        TrainConfig config = RunFixtures.config("gru", 3, 32, 0.001f);
        Path straight = tmp.resolve("straight");
        useAdam(first);
        TrainRun.run(DATA, config, new RunDirectory(straight), new Training.Observer() {});

        Path resumed = tmp.resolve("resumed");
        assertThrows(
                SimulatedCrash.class,
                () -> TrainRun.run(DATA, config, new RunDirectory(resumed), new Training.Observer() {
                    @Override
                    public void onEpoch(EpochResult result, Model m) {
                        throw new SimulatedCrash();
                    }
                }));
        useAdam(second);
        TrainRun.run(DATA, config, new RunDirectory(resumed), new Training.Observer() {});

        assertEquals(4, RunFixtures.lossAndAccuracy(resumed).size(), "header and 3 epochs");
        assertEquals(RunFixtures.lossAndAccuracy(straight), RunFixtures.lossAndAccuracy(resumed));
        assertArrayEquals(RunFixtures.modelBytes(straight, 3), RunFixtures.modelBytes(resumed, 3));
    }

    /** The accelerator's backend with another Adam. */
    private static void useAdam(Backend.AdamFactory adam) {
        Backend.use(new Backend(ACCELERATOR.status(), ACCELERATOR.models(), adam, ACCELERATOR.unavailable()));
    }
}
