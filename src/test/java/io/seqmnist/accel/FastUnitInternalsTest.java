package io.seqmnist.accel;

import io.seqmnist.model.UnitInternalsTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The internals of the fast units, recomputed as for every other unit (they need the accelerator). */
class FastUnitInternalsTest {

    @OnLinuxX86
    @Test
    void fastRnnStatesAreRecomputedForEveryRow() {
        UnitInternalsTest.assertRecomputedStatesEqualTheUnitsOwn("fast-rnn", 20, 4, List.of("a", "h"));
    }

    @OnLinuxX86
    @Test
    void fastGruStatesAreRecomputedForEveryRow() {
        UnitInternalsTest.assertRecomputedStatesEqualTheUnitsOwn("fast-gru", 20, 4, List.of("r", "z", "n", "h"));
    }
}
