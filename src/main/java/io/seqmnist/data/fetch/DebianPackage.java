package io.seqmnist.data.fetch;

import java.nio.file.Path;

/**
 * Fashion-MNIST, gzipped, from Debian's package {@code dataset-fashion-mnist}: read where the package is installed,
 * else downloaded with {@code apt-get download} and unpacked with {@code dpkg -x}, neither of which needs root.
 */
final class DebianPackage extends PackageSource {

    static final String PACKAGE = "dataset-fashion-mnist";
    static final String FOLDER = "usr/share/datasets/fashion-mnist";

    @Override
    public String describe() {
        return "Debian package " + PACKAGE;
    }

    @Override
    Path unpack(Path work) {
        Path installed = Path.of("/").resolve(FOLDER);
        if (DatasetFiles.FASHION.presentIn(installed)) {
            return installed;
        }
        run(work, "apt-get", "download", PACKAGE);
        Path deb = fileEndingWith(work, ".deb", "apt-get download");
        run(work, "dpkg", "-x", deb.getFileName().toString(), "unpacked");
        return work.resolve("unpacked").resolve(FOLDER);
    }
}
