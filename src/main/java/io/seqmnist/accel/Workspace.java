package io.seqmnist.accel;

import java.nio.FloatBuffer;

/** Direct buffers a unit reuses from step to step, each grown when a batch needs more. */
final class Workspace {

    private final FloatBuffer[] buffers;

    Workspace(int count) {
        buffers = new FloatBuffer[count];
    }

    /** Buffer {@code index}, exactly {@code size} floats long (its contents are left over). */
    FloatBuffer get(int index, int size) {
        if (buffers[index] == null || buffers[index].capacity() < size) {
            buffers[index] = Blas.allocate(size);
        }
        return Blas.at(buffers[index], 0, size);
    }
}
