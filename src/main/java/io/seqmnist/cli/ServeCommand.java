package io.seqmnist.cli;

import io.seqmnist.UserError;
import io.seqmnist.serve.WebServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Question 1 item 14, live: a local page to draw a digit and watch the networks read it row by row. */
@Command(name = "serve", description = "Serve a local web page: draw a digit and watch the models read it row by row.")
public final class ServeCommand implements Callable<Integer> {

    @Option(
            names = "--model-dir",
            required = true,
            paramLabel = "DIR",
            description = "a run folder written by train; repeat it to show models side by side")
    List<Path> modelDirs;

    @Option(
            names = "--port",
            defaultValue = "8080",
            description = "port to listen on, 0 for any free one (default: ${DEFAULT-VALUE})")
    int port;

    @Option(
            names = "--host",
            defaultValue = "127.0.0.1",
            description = "address to listen on (default: ${DEFAULT-VALUE}, this machine only)")
    String host;

    @Mixin
    EngineOptions engine;

    @Mixin
    SequenceOptions sequence;

    @Override
    public Integer call() throws InterruptedException {
        if (port < 0 || port > 65535) {
            throw new UserError("--port must be in 0..65535, got " + port);
        }
        InetSocketAddress address = address();
        engine.apply();
        WebServer server;
        try {
            server = WebServer.startFromRunFolders(
                    address, modelDirs, (classifier, dir) -> sequence.requireMatches(classifier.layout(), dir));
        } catch (IOException e) {
            throw new UserError(
                    "--port " + port + ": cannot listen on " + host + ":" + port + " (" + e.getMessage() + ")");
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            server.close();
                            stopped.countDown();
                        },
                        "seqmnist-serve-stop"));
        System.out.printf("serving %s at %s (Ctrl-C stops)%n", String.join(", ", server.modelNames()), server.uri());
        System.out.flush();
        stopped.await();
        return 0;
    }

    private InetSocketAddress address() {
        try {
            return new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (UnknownHostException e) {
            throw new UserError("--host: unknown host '" + host + "'");
        }
    }
}
