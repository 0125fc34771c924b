package io.seqmnist;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.AclEntry;
import java.nio.file.attribute.AclEntryPermission;
import java.nio.file.attribute.AclEntryType;
import java.nio.file.attribute.AclFileAttributeView;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Makes a folder refuse new files with what the system offers, and checks that it does; never skips. On Linux and
 * macOS: its permission bits (r-x); where they do not stop the user (root ignores them), the folder's immutable flag,
 * Linux's {@code chattr +i} or macOS's {@code chflags uchg}, when that program exists. On Windows, where a folder's
 * read-only attribute does not stop new files: an access-control entry that denies this user adding files and folders.
 * {@link #lock} fails the test when none of them stops a probe file.
 */
public final class ReadOnlyFolder {

    private ReadOnlyFolder() {}

    /** What lock did to each folder, undone by unlock. */
    private static final Map<Path, Undo> LOCKED = new ConcurrentHashMap<>();

    private interface Undo {
        void run() throws IOException;
    }

    public static void lock(Path dir) throws IOException {
        Path key = dir.toAbsolutePath().normalize();
        List<String> tried = new ArrayList<>();
        PosixFileAttributeView posix = Files.getFileAttributeView(dir, PosixFileAttributeView.class);
        AclFileAttributeView acl = Files.getFileAttributeView(dir, AclFileAttributeView.class);
        if (posix != null) {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-xr-xr-x"));
            LOCKED.put(key, () -> Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x")));
            tried.add("chmod");
            if (canCreateFiles(dir)) {
                immutable(dir, tried);
            }
        } else if (acl != null) {
            List<AclEntry> before = acl.getAcl();
            UserPrincipal me = dir.getFileSystem()
                    .getUserPrincipalLookupService()
                    .lookupPrincipalByName(System.getProperty("user.name"));
            List<AclEntry> denied = new ArrayList<>();
            denied.add(AclEntry.newBuilder()
                    .setType(AclEntryType.DENY)
                    .setPrincipal(me)
                    .setPermissions(
                            AclEntryPermission.ADD_FILE,
                            AclEntryPermission.ADD_SUBDIRECTORY,
                            AclEntryPermission.DELETE_CHILD)
                    .build());
            denied.addAll(before); // a deny entry first: Windows reads them in order
            acl.setAcl(denied);
            LOCKED.put(key, () -> acl.setAcl(before));
            tried.add("a deny entry in the folder's access-control list");
        } else {
            tried.add("nothing: the file system has neither POSIX permissions nor access-control lists");
        }
        if (canCreateFiles(dir)) {
            unlock(dir);
            throw new IllegalStateException(dir + ": cannot make it read-only on " + System.getProperty("os.name")
                    + " (tried " + String.join(", ", tried) + "; a file could still be created)");
        }
    }

    /** Linux's chattr +i or macOS's chflags uchg, when the program exists; undone before the permission bits. */
    private static void immutable(Path dir, List<String> tried) throws IOException {
        Path key = dir.toAbsolutePath().normalize();
        Undo permissions = LOCKED.get(key);
        Optional<Path> chattr = program("chattr");
        Optional<Path> chflags = program("chflags");
        if (chattr.isPresent()) {
            run(chattr.get().toString(), "+i", dir.toString());
            tried.add("chattr +i");
            LOCKED.put(key, () -> {
                run(chattr.get().toString(), "-i", dir.toString());
                permissions.run();
            });
        } else if (chflags.isPresent()) {
            run(chflags.get().toString(), "uchg", dir.toString());
            tried.add("chflags uchg");
            LOCKED.put(key, () -> {
                run(chflags.get().toString(), "nouchg", dir.toString());
                permissions.run();
            });
        } else {
            tried.add("no chattr or chflags found");
        }
    }

    /** Undoes {@link #lock}; does nothing to a folder it did not lock or that is gone. */
    public static void unlock(Path dir) throws IOException {
        Undo undo = LOCKED.remove(dir.toAbsolutePath().normalize());
        if (undo != null && Files.exists(dir)) {
            undo.run();
        }
    }

    /** An executable of that name on the PATH, or in /sbin or /usr/sbin (where chattr often lives). */
    private static Optional<Path> program(String name) {
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
        return Stream.concat(Stream.of(path.split(File.pathSeparator)), Stream.of("/sbin", "/usr/sbin"))
                .filter(d -> !d.isEmpty())
                .map(d -> Path.of(d, name))
                .filter(Files::isExecutable)
                .findFirst();
    }

    private static boolean canCreateFiles(Path dir) {
        try {
            Files.delete(Files.createTempFile(dir, "probe", ".tmp"));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void run(String... command) throws IOException {
        try {
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (process.waitFor() != 0) {
                throw new IOException(String.join(" ", command) + ": exit status " + process.exitValue());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
