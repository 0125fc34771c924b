package io.seqmnist.accel;

import com.sun.jna.Pointer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Points one shared library's calls of one function at another definition, the way the dynamic linker binds them: by
 * writing the address into the library's global offset table slot for that function. Only that function of only that
 * library changes; everything else keeps its binding (putting a whole BLAS in the global scope also rebinds libtorch's
 * batched products, whose OpenBLAS versions crash under it).
 *
 * <p>Every step that could go wrong is checked first (the library is loaded, has exactly the expected relocation, its
 * slot holds an address inside the library and lies in a writable mapping); any surprise is an
 * {@link IllegalStateException} with nothing written.
 */
final class PltRebinding {

    private static final int SHT_RELA = 4;
    private static final int SHT_DYNSYM = 11;
    private static final long R_X86_64_GLOB_DAT = 6;
    private static final long R_X86_64_JUMP_SLOT = 7;

    private PltRebinding() {}

    /** A loaded library: its file, its load base and where it is mapped. */
    record Mapping(Path file, long base, long end, List<long[]> writable) {}

    /** Makes {@code library}'s calls of {@code symbol} go to {@code target}. */
    static void rebind(String libraryFileName, String symbol, Pointer target) {
        Mapping mapping = loaded(libraryFileName);
        long offset = slotOffset(mapping.file(), symbol);
        long slot = mapping.base() + offset;
        boolean writable = mapping.writable().stream().anyMatch(r -> r[0] <= slot && slot + 8 <= r[1]);
        if (!writable) {
            throw new IllegalStateException(symbol + "'s slot in " + libraryFileName + " is read-only");
        }
        Pointer slotPointer = new Pointer(slot);
        long current = slotPointer.getLong(0);
        // Unbound yet: the slot points back into the library's PLT; bound: at the library's own
        // definition. Anything else means this is not the slot we think it is.
        if (current < mapping.base() || current >= mapping.end()) {
            throw new IllegalStateException(
                    symbol + "'s slot in " + libraryFileName + " holds an address outside the library");
        }
        slotPointer.setLong(0, Pointer.nativeValue(target));
    }

    /** What the slot of {@code symbol} in the loaded library holds now. */
    static long slotValue(String libraryFileName, String symbol) {
        Mapping mapping = loaded(libraryFileName);
        return new Pointer(mapping.base() + slotOffset(mapping.file(), symbol)).getLong(0);
    }

    /** The mapping of a library that must be loaded. */
    static Mapping loaded(String fileName) {
        return mapping(fileName).orElseThrow(() -> new IllegalStateException(fileName + " is not loaded"));
    }

    /** From /proc/self/maps: the file, its base (the mapping at file offset 0), writable ranges. */
    static Optional<Mapping> mapping(String fileName) {
        List<String> lines;
        try {
            lines = Files.readAllLines(Path.of("/proc/self/maps"));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc/self/maps: " + e.getMessage(), e);
        }
        Path file = null;
        long base = -1, end = -1;
        List<long[]> writable = new ArrayList<>();
        for (String line : lines) {
            String[] f = line.trim().split("\\s+", 6);
            if (f.length < 6 || !f[5].endsWith("/" + fileName)) {
                continue;
            }
            String[] range = f[0].split("-");
            long start = Long.parseUnsignedLong(range[0], 16), stop = Long.parseUnsignedLong(range[1], 16);
            if (file == null) {
                file = Path.of(f[5]);
            } else if (!file.equals(Path.of(f[5]))) {
                throw new IllegalStateException("two copies of " + fileName + " are loaded");
            }
            if (Long.parseUnsignedLong(f[2], 16) == 0 && base < 0) {
                base = start;
            }
            end = Math.max(end, stop);
            if (f[1].charAt(1) == 'w') {
                writable.add(new long[] {start, stop});
            }
        }
        return file == null || base < 0 ? Optional.empty() : Optional.of(new Mapping(file, base, end, writable));
    }

    /**
     * The offset (from the load base) of the one GOT slot through which the library calls {@code symbol}: its JUMP_SLOT
     * or GLOB_DAT relocation in the ELF file.
     */
    static long slotOffset(Path elf, String symbol) {
        try (FileChannel channel = FileChannel.open(elf, StandardOpenOption.READ)) {
            ByteBuffer header = read(channel, 0, 64);
            if (header.getInt(0) != 0x464c457f || header.get(4) != 2 || header.get(5) != 1) {
                throw new IllegalStateException(elf + " is not a 64-bit little-endian ELF file");
            }
            long shoff = header.getLong(0x28);
            int shentsize = Short.toUnsignedInt(header.getShort(0x3A));
            int shnum = Short.toUnsignedInt(header.getShort(0x3C));
            ByteBuffer sections = read(channel, shoff, (long) shentsize * shnum);
            long found = -1;
            for (int i = 0; i < shnum; i++) {
                int s = i * shentsize;
                if (sections.getInt(s + 4) != SHT_RELA) {
                    continue;
                }
                int symtab = sections.getInt(s + 40);
                int t = symtab * shentsize;
                if (sections.getInt(t + 4) != SHT_DYNSYM) {
                    continue;
                }
                ByteBuffer relocations = read(channel, sections.getLong(s + 24), sections.getLong(s + 32));
                ByteBuffer symbols = read(channel, sections.getLong(t + 24), sections.getLong(t + 32));
                int strtab = sections.getInt(t + 40) * shentsize;
                ByteBuffer names = read(channel, sections.getLong(strtab + 24), sections.getLong(strtab + 32));
                for (int r = 0; r + 24 <= relocations.limit(); r += 24) {
                    long info = relocations.getLong(r + 8);
                    long type = info & 0xffffffffL;
                    if (type != R_X86_64_JUMP_SLOT && type != R_X86_64_GLOB_DAT) {
                        continue;
                    }
                    int index = (int) (info >>> 32);
                    if (symbol.equals(name(names, symbols.getInt(index * 24)))) {
                        if (found >= 0) {
                            throw new IllegalStateException(elf + " has two slots for " + symbol);
                        }
                        found = relocations.getLong(r);
                    }
                }
            }
            if (found < 0) {
                throw new IllegalStateException(elf + " does not call " + symbol + " through a slot");
            }
            return found;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + elf + ": " + e.getMessage(), e);
        }
    }

    private static ByteBuffer read(FileChannel channel, long position, long size) throws IOException {
        return channel.map(FileChannel.MapMode.READ_ONLY, position, size).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static String name(ByteBuffer names, int offset) {
        int end = offset;
        while (names.get(end) != 0) {
            end++;
        }
        byte[] bytes = new byte[end - offset];
        names.get(offset, bytes);
        return new String(bytes, StandardCharsets.US_ASCII);
    }
}
