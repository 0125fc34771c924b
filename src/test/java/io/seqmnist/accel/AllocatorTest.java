package io.seqmnist.accel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class AllocatorTest {

    private static final String LIBC =
            "7f0a1c000000-7f0a1c028000 r--p 00000000 fd:01 1234 /usr/lib/x86_64-linux-gnu/libc.so.6";
    private static final String TCMALLOC =
            "7f0a1d000000-7f0a1d010000 r-xp 00000000 fd:01 99" + "      /work/seqmnist/native/libtcmalloc_minimal.so.4";

    @Test
    void aLoadedTcmallocIsNamedWithItsFileButNoFolderOfTheMachine() {
        assertEquals(
                "tcmalloc (the launcher's native/libtcmalloc_minimal.so.4)",
                Allocator.describe(List.of(LIBC, TCMALLOC), "glibc.malloc.arena_max=1"));
        String system =
                "7f0a1d000000-7f0a1d010000 r-xp 00000000 fd:01 99 /usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4";
        assertEquals("tcmalloc (the system's libtcmalloc_minimal.so.4)", Allocator.describe(List.of(system), null));
    }

    @Test
    void withoutTcmallocItIsGlibcWithItsTunables() {
        assertEquals(
                "glibc malloc (GLIBC_TUNABLES=glibc.malloc.arena_max=1)",
                Allocator.describe(List.of(LIBC), "glibc.malloc.arena_max=1"));
        assertEquals("glibc malloc", Allocator.describe(List.of(LIBC), null));
    }

    @OnLinuxX86
    @Test
    void thisTestJvmRunsOnGlibcUnlessPreloaded() {
        // surefire starts this JVM without the launcher's preload
        String expected = System.getenv("LD_PRELOAD") != null
                        && System.getenv("LD_PRELOAD").contains("libtcmalloc")
                ? "tcmalloc"
                : "glibc malloc";
        assertTrue(Allocator.describe().startsWith(expected), Allocator.describe());
    }
}
