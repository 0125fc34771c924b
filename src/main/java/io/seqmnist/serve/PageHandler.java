package io.seqmnist.serve;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/** GET / and the page's two files, read once from the jar (src/main/resources/web); 404 else. */
final class PageHandler implements HttpHandler {

    private record Asset(String contentType, byte[] bytes) {}

    private final Map<String, Asset> assets = Map.of(
            "/", load("index.html", "text/html; charset=utf-8"),
            "/app.js", load("app.js", "text/javascript; charset=utf-8"),
            "/style.css", load("style.css", "text/css; charset=utf-8"));

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        Asset asset = assets.get(exchange.getRequestURI().getPath());
        if (asset == null) {
            throw new HttpError(404, "not found: " + exchange.getRequestURI().getPath());
        }
        Exchanges.requireMethod(exchange, "GET", "HEAD");
        // The page makes no request elsewhere; say so to the browser too.
        exchange.getResponseHeaders()
                .set(
                        "Content-Security-Policy",
                        "default-src 'self'; img-src 'self' data: blob:; style-src 'self'; script-src 'self'");
        Exchanges.send(exchange, 200, asset.contentType(), asset.bytes());
    }

    private static Asset load(String name, String contentType) {
        try (InputStream in = PageHandler.class.getResourceAsStream("/web/" + name)) {
            if (in == null) {
                throw new IllegalStateException("web/" + name + " is missing from the classpath");
            }
            return new Asset(contentType, in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
