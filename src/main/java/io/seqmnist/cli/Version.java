package io.seqmnist.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/**
 * The version the build wrote into version.properties (a Maven-filtered resource: the pom's version), so that
 * target/classes, the jar and both launchers print the same one.
 */
public final class Version implements IVersionProvider {

    private static final String RESOURCE = "version.properties";

    /** The pom's version, e.g. {@code 0.1.0}. */
    public static String number() {
        Properties properties = new Properties();
        try (InputStream in = Version.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the build");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String version = properties.getProperty("version", "");
        if (version.isEmpty() || version.contains("${")) {
            throw new IllegalStateException(RESOURCE + " was not filled in by the build: version=" + version);
        }
        return version;
    }

    @Override
    public String[] getVersion() {
        return new String[] {"seqmnist " + number()};
    }
}
