package io.seqmnist.data.fetch;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.seqmnist.TestData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * A web server on 127.0.0.1 that serves the real MNIST files gzipped, as the public mirrors do, and in every bad way a
 * mirror can, one folder a way:
 *
 * <ul>
 *   <li>{@code /good/}: the files as published;
 *   <li>{@code /missing/}: 404 for every file;
 *   <li>{@code /truncated/}: the first half of each gzipped file;
 *   <li>{@code /corrupt/}: a valid gzip stream of content with one byte changed (only the checksum tells);
 *   <li>{@code /damaged/}: the gzipped file with its CRC changed (gzip itself tells);
 *   <li>{@code /two/}: the first two files of the dataset, 404 for the others;
 *   <li>{@code /stall/}: the headers and 1 KB of the file, then nothing;
 *   <li>{@code /silent/}: takes the request and answers nothing.
 * </ul>
 *
 * One server, started on first use, serves every test of a run ({@link #shared()}); a stalled request ends after a
 * minute, long after any test's timeout.
 */
public final class LocalMirror {

    private static final long STALL_MS = 60_000;
    private static LocalMirror shared;
    private static Map<String, byte[]> gzipped;
    private static Map<String, byte[]> corrupt;

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(task -> {
        Thread t = new Thread(task, "local-mirror");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();

    /** The server for this test run, started on first use. */
    /** The line fetch-data says for each of the dataset's files it stored, in order (name, size in MB). */
    public static List<String> storedLines(DatasetFiles dataset) {
        return dataset.files().stream()
                .map(f -> String.format(
                        java.util.Locale.ROOT, "fetch-data: %s, %.1f MB, verified", f.name(), f.size() / 1e6))
                .toList();
    }

    public static synchronized LocalMirror shared() {
        if (shared == null) {
            try {
                shared = new LocalMirror();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return shared;
    }

    private LocalMirror() throws IOException {
        Map<String, byte[]> files = realFilesGzipped();
        Map<String, byte[]> changedFiles = corruptFilesGzipped();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.setExecutor(threads);
        server.createContext("/", exchange -> {
            try (exchange) {
                serve(exchange, files, changedFiles);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.start();
    }

    /** The URL of one of the folders, e.g. {@code url("good")}. */
    public String url(String folder) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + folder + "/";
    }

    /** How many requests reached the folder. */
    public int requests(String folder) {
        return requests.computeIfAbsent(folder, f -> new AtomicInteger()).get();
    }

    private void serve(HttpExchange exchange, Map<String, byte[]> files, Map<String, byte[]> changedFiles)
            throws IOException, InterruptedException {
        String[] path = exchange.getRequestURI().getPath().split("/"); // "", folder, file
        String folder = path.length == 3 ? path[1] : "";
        requests.computeIfAbsent(folder, f -> new AtomicInteger()).incrementAndGet();
        String name = path.length == 3 && path[2].endsWith(".gz") ? path[2].substring(0, path[2].length() - 3) : "";
        byte[] file = files.get(name);
        if (file == null || folder.equals("missing") || (folder.equals("two") && !name.startsWith("train-"))) {
            exchange.sendResponseHeaders(404, -1);
            return;
        }
        switch (folder) {
            case "good", "two" -> send(exchange, file);
            case "truncated" -> send(exchange, java.util.Arrays.copyOf(file, file.length / 2));
            case "corrupt" -> send(exchange, changedFiles.get(name));
            case "damaged" -> {
                byte[] copy = file.clone();
                copy[copy.length - 8] ^= 0x5a; // the trailer: CRC-32, then the size
                send(exchange, copy);
            }
            case "stall" -> {
                exchange.sendResponseHeaders(200, file.length);
                exchange.getResponseBody().write(file, 0, 1024);
                exchange.getResponseBody().flush();
                Thread.sleep(STALL_MS);
            }
            case "silent" -> Thread.sleep(STALL_MS);
            default -> exchange.sendResponseHeaders(404, -1);
        }
    }

    private static void send(HttpExchange exchange, byte[] body) throws IOException {
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** A copy with the byte in the middle changed. */
    private static byte[] changed(byte[] bytes) {
        byte[] copy = bytes.clone();
        copy[copy.length / 2] ^= 0x5a;
        return copy;
    }

    /** A real MNIST file's content (the folder may hold it raw or gzipped), verified. */
    static byte[] ungzipped(String name) {
        DatasetFiles.PinnedFile pin = DatasetFiles.MNIST.files().stream()
                .filter(f -> f.name().equals(name))
                .findFirst()
                .orElseThrow();
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        try (InputStream in = Files.newInputStream(DatasetFiles.find(TestData.realMnistDir(), name))) {
            DatasetFetch.copyVerified(in, pin, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return content.toByteArray();
    }

    /** The real MNIST (fetched once per test run), each file gzipped as the mirrors serve it. */
    static synchronized Map<String, byte[]> realFilesGzipped() throws IOException {
        if (gzipped == null) {
            TestData.realMnist();
            Map<String, byte[]> files = new HashMap<>();
            for (DatasetFiles.PinnedFile file : DatasetFiles.MNIST.files()) {
                files.put(file.name(), gzip(ungzipped(file.name())));
            }
            gzipped = files;
        }
        return gzipped;
    }

    /** The same, each with one byte of its content changed before it was gzipped. */
    static synchronized Map<String, byte[]> corruptFilesGzipped() throws IOException {
        if (corrupt == null) {
            TestData.realMnist();
            Map<String, byte[]> files = new HashMap<>();
            for (DatasetFiles.PinnedFile file : DatasetFiles.MNIST.files()) {
                files.put(file.name(), gzip(changed(ungzipped(file.name()))));
            }
            corrupt = files;
        }
        return corrupt;
    }

    static byte[] gzip(byte[] content) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes) {
            {
                def.setLevel(Deflater.BEST_SPEED);
            }
        }) {
            out.write(content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
