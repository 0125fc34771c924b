package io.seqmnist.experiment;

import io.seqmnist.IoErrors;
import io.seqmnist.UserError;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A worker's claim on one task of a plan: an exclusive lock ({@link FileChannel#tryLock}) on {@code task.lock} in the
 * run's folder, held while the worker trains it. The operating system releases the lock when the process ends, however
 * it ends (SIGKILL, a node lost with its NFS client's lease), so a dead worker's successor takes the task over and
 * resumes it from its checkpoint; the file itself stays (deleting it would let two workers lock two different files).
 *
 * <p>Assumption: the plan folder is on a local file system, or on one whose locks work across machines (NFS with a lock
 * manager, lockd or NFSv4's own, CephFS, Lustre with flock enabled); on a file system that ignores locks two workers
 * given one index could both train it. The file holds the claiming process's id and host, for messages only.
 */
public final class TaskClaim implements AutoCloseable {

    public static final String FILE = "task.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private TaskClaim(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Claims the task of this run folder, or returns null when a live process holds it. */
    public static TaskClaim tryClaim(Path runDir) {
        FileChannel channel = open(runDir);
        try {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
                return null;
            }
            return claimed(channel, lock);
        } catch (OverlappingFileLockException e) {
            close(channel);
            return null; // this JVM holds it already
        } catch (IOException e) {
            close(channel);
            throw new UserError(lockFile(runDir) + ": cannot lock (" + IoErrors.describe(e) + ")");
        }
    }

    /** Claims the task of this run folder, waiting as long as a live process holds it. */
    public static TaskClaim claim(Path runDir) {
        FileChannel channel = open(runDir);
        try {
            return claimed(channel, channel.lock());
        } catch (IOException e) {
            close(channel);
            throw new UserError(lockFile(runDir) + ": cannot lock (" + IoErrors.describe(e) + ")");
        }
    }

    /** Who holds (or last held) the claim: "process 1234 on node7", or "another process" when unknown. */
    public static String holder(Path runDir) {
        try {
            String text =
                    Files.readString(lockFile(runDir), StandardCharsets.UTF_8).strip();
            return text.isEmpty() ? "another process" : text;
        } catch (IOException | RuntimeException e) {
            return "another process"; // Windows locks are mandatory: the holder's file cannot be read
        }
    }

    private static TaskClaim claimed(FileChannel channel, FileLock lock) throws IOException {
        String me = "process " + ProcessHandle.current().pid() + " on " + host();
        channel.truncate(0);
        channel.write(ByteBuffer.wrap((me + "\n").getBytes(StandardCharsets.UTF_8)), 0);
        channel.force(false);
        return new TaskClaim(channel, lock);
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            String name = ManagementFactory.getRuntimeMXBean().getName(); // pid@host
            return name.contains("@") ? name.substring(name.indexOf('@') + 1) : "this host";
        }
    }

    private static Path lockFile(Path runDir) {
        return runDir.resolve(FILE);
    }

    private static FileChannel open(Path runDir) {
        new RunDirectory(runDir).create();
        try {
            return FileChannel.open(
                    lockFile(runDir), StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UserError(lockFile(runDir) + ": cannot open (" + IoErrors.describe(e) + ")");
        }
    }

    private static void close(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing was claimed
        }
    }

    /** Releases the claim (the process's end would, too). */
    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // closing the channel releases it as well
        }
        close(channel);
    }
}
