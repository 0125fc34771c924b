package io.seqmnist.serve;

import com.sun.net.httpserver.HttpServer;
import io.seqmnist.predict.Classifier;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/**
 * The local web page and its JSON API on the JDK's own HTTP server: {@code GET /} (the page and its script and style
 * sheet), {@code GET /api/models}, {@code POST /api/predict}; 404 for anything else. Requests run on a fixed pool of
 * worker threads; when all are busy and the queue is full, the accepting thread runs the request itself, which slows
 * accepting down instead of dropping connections.
 */
public final class WebServer implements AutoCloseable {

    /** The largest request body accepted; more gets 413. */
    public static final int MAX_BODY_BYTES = 2 * 1024 * 1024;

    static final int WORKERS = 4;
    static final int QUEUE = 256;
    static final int BACKLOG = 256; // connections waiting to be accepted (the JDK default is 50)

    private final HttpServer server;
    private final ThreadPoolExecutor workers;
    private final List<String> names;
    private final List<Classifier> owned; // closed with the server

    private WebServer(HttpServer server, ThreadPoolExecutor workers, List<String> names, List<Classifier> owned) {
        this.server = server;
        this.workers = workers;
        this.names = names;
        this.owned = owned;
    }

    /**
     * Serves the classifiers (not closed by the server) on host:port; port 0 takes any free one.
     *
     * @throws java.net.BindException when the address is taken or not local
     */
    public static WebServer start(InetSocketAddress address, List<Classifier> classifiers) throws IOException {
        return start(address, classifiers, List.of());
    }

    /**
     * Loads the models of run folders written by train and serves them as {@link #start} does; the server owns them and
     * closes them with itself. When loading or listening fails, the models loaded so far are closed before the error
     * goes on.
     */
    public static WebServer startFromRunFolders(InetSocketAddress address, List<Path> runDirs) throws IOException {
        return startFromRunFolders(address, runDirs, (classifier, dir) -> {});
    }

    /**
     * As {@link #startFromRunFolders(InetSocketAddress, List)}, each model first handed to {@code check} with its
     * folder (which may refuse it with an error: say, a command's explicit {@code --seq-len} that differs from the
     * model's).
     */
    public static WebServer startFromRunFolders(
            InetSocketAddress address, List<Path> runDirs, BiConsumer<Classifier, Path> check) throws IOException {
        List<Classifier> classifiers = new ArrayList<>();
        try {
            for (Path dir : runDirs) {
                classifiers.add(Classifier.load(dir));
                check.accept(classifiers.get(classifiers.size() - 1), dir);
            }
            return start(address, classifiers, classifiers);
        } catch (IOException | RuntimeException e) {
            closeAll(classifiers);
            throw e;
        }
    }

    private static WebServer start(InetSocketAddress address, List<Classifier> classifiers, List<Classifier> owned)
            throws IOException {
        List<ServedModel> models = named(classifiers);
        List<String> names = models.stream().map(ServedModel::name).toList();
        HttpServer server = HttpServer.create(address, BACKLOG);
        AtomicInteger threadCount = new AtomicInteger();
        ThreadPoolExecutor workers = new ThreadPoolExecutor(
                WORKERS,
                WORKERS,
                0,
                TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(QUEUE),
                task -> {
                    Thread t = new Thread(task, "seqmnist-http-" + threadCount.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                },
                new ThreadPoolExecutor.CallerRunsPolicy());
        server.setExecutor(workers);
        server.createContext("/", Exchanges.guarded(new PageHandler()));
        server.createContext("/api/models", Exchanges.guarded(exchange -> {
            if (!exchange.getRequestURI().getPath().equals("/api/models")) {
                throw new HttpError(
                        404, "not found: " + exchange.getRequestURI().getPath());
            }
            Exchanges.requireMethod(exchange, "GET", "HEAD");
            Exchanges.sendJson(exchange, 200, Map.of("models", names));
        }));
        server.createContext(PredictHandler.PATH, Exchanges.guarded(new PredictHandler(models)));
        server.start();
        return new WebServer(server, workers, names, owned);
    }

    /** Names as the page shows them: each classifier's own, with #2, #3 on repeats. */
    static List<ServedModel> named(List<Classifier> classifiers) {
        Map<String, Integer> seen = new HashMap<>();
        List<ServedModel> models = new ArrayList<>();
        for (Classifier c : classifiers) {
            int n = seen.merge(c.name(), 1, Integer::sum);
            models.add(new ServedModel(n == 1 ? c.name() : c.name() + " #" + n, c));
        }
        return List.copyOf(models);
    }

    /** The page's address, with the port actually bound. */
    public URI uri() {
        InetSocketAddress bound = server.getAddress();
        try {
            return new URI("http", null, bound.getAddress().getHostAddress(), bound.getPort(), "/", null, null);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public List<String> modelNames() {
        return names;
    }

    /**
     * Stops accepting, lets running requests finish for up to a second, stops the workers; closes the models the server
     * owns.
     */
    @Override
    public void close() {
        server.stop(1);
        workers.shutdown();
        closeAll(owned);
    }

    private static void closeAll(List<Classifier> classifiers) {
        for (Classifier c : classifiers) {
            try {
                c.close();
            } catch (Exception e) {
                // closing frees native memory only; a failure leaves nothing else to undo
            }
        }
    }
}
