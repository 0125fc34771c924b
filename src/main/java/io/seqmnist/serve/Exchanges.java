package io.seqmnist.serve;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Reading bounded request bodies and writing responses, shared by the page and the API. */
final class Exchanges {

    static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create(); // keep quotes readable

    /** How much of a refused body is read and thrown away so that the client gets the answer. */
    static final long DISCARD_LIMIT = 64L * 1024 * 1024;

    private Exchanges() {}

    /**
     * The request body, at most {@code limit} bytes: refused from Content-Length alone when it announces more, and
     * otherwise by reading no more than {@code limit + 1} bytes into memory.
     */
    static byte[] readBody(HttpExchange exchange, int limit) throws IOException {
        String declared = exchange.getRequestHeaders().getFirst("Content-Length");
        if (declared != null) {
            long length;
            try {
                length = Long.parseLong(declared.trim());
            } catch (NumberFormatException e) {
                throw new HttpError(400, "Content-Length is not a number: " + declared);
            }
            if (length > limit) {
                throw tooLarge(length + " bytes");
            }
        }
        byte[] body = exchange.getRequestBody().readNBytes(limit + 1);
        if (body.length > limit) {
            throw tooLarge("more than " + limit + " bytes");
        }
        return body;
    }

    private static HttpError tooLarge(String size) {
        return new HttpError(
                413,
                "request body of " + size + " is over the limit of " + WebServer.MAX_BODY_BYTES / (1024 * 1024)
                        + " MB");
    }

    /**
     * Reads what is left of a refused request's body into nothing, up to {@link #DISCARD_LIMIT}. Answering and closing
     * the connection with bytes unread makes TCP reset it, and the client then often loses the answer: the JDK's
     * HttpClient sending 10 MB got "bytes received: 0" instead of the 413 in 23 of 40 tries. Past the limit, the
     * connection is closed anyway.
     */
    private static void discardRest(HttpExchange exchange) throws IOException {
        InputStream in = exchange.getRequestBody();
        byte[] skip = new byte[64 * 1024];
        long discarded = 0;
        int n = 0;
        while (discarded < DISCARD_LIMIT && (n = in.read(skip)) >= 0) {
            discarded += n;
        }
        if (n >= 0) {
            exchange.getResponseHeaders().set("Connection", "close");
        }
    }

    static void sendJson(HttpExchange exchange, int status, Object body) throws IOException {
        send(
                exchange,
                status,
                "application/json; charset=utf-8",
                GSON.toJson(body).getBytes(StandardCharsets.UTF_8));
    }

    static void sendError(HttpExchange exchange, int status, String message) throws IOException {
        JsonObject error = new JsonObject();
        error.addProperty("error", message);
        sendJson(exchange, status, error);
    }

    static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : body.length == 0 ? -1 : body.length);
        if (!head && body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /**
     * Wraps a handler so that every refusal becomes a JSON error with its status (after the rest of the request body is
     * read), an unexpected failure a 500 (logged), and the exchange is always closed: one bad request never stops the
     * server.
     */
    static HttpHandler guarded(HttpHandler handler) {
        return exchange -> {
            try (exchange) {
                try {
                    handler.handle(exchange);
                } catch (HttpError e) {
                    discardRest(exchange);
                    sendError(exchange, e.status(), e.getMessage());
                } catch (IOException e) {
                    // the client went away mid-exchange; nothing to answer
                } catch (RuntimeException e) {
                    System.err.println("seqmnist serve: " + exchange.getRequestMethod() + " " + exchange.getRequestURI()
                            + " failed: " + e);
                    sendError(exchange, 500, "internal error: " + e.getClass().getSimpleName());
                }
            }
        };
    }

    /** Refuses any method but the allowed ones with 405. */
    static void requireMethod(HttpExchange exchange, String... allowed) {
        for (String method : allowed) {
            if (method.equals(exchange.getRequestMethod())) {
                return;
            }
        }
        exchange.getResponseHeaders().set("Allow", String.join(", ", allowed));
        throw new HttpError(
                405,
                "method " + exchange.getRequestMethod() + " not allowed here; allowed: " + String.join(", ", allowed));
    }
}
