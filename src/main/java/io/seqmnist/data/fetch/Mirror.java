package io.seqmnist.data.fetch;

import io.seqmnist.UserError;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.UnknownHostException;
import java.time.Duration;

/**
 * A folder on the web holding a dataset's files gzipped, as the public MNIST mirrors do. HttpURLConnection rather than
 * HttpClient: its read timeout also bounds a server that stops sending in the middle of a file, where HttpClient's
 * timeout ends with the headers.
 */
final class Mirror implements Source {

    private final URI base;
    private final Duration timeout;

    Mirror(String url, Duration timeout) {
        try {
            this.base = new URI(url.endsWith("/") ? url : url + "/");
        } catch (URISyntaxException e) {
            throw new UserError("--source: '" + url + "' is not a valid URL (" + e.getReason() + ")");
        }
        if (base.getHost() == null) {
            throw new UserError("--source: '" + url + "' names no host");
        }
        this.timeout = timeout;
    }

    @Override
    public String describe() {
        return base.toString();
    }

    @Override
    public InputStream open(String name) {
        String file = name + ".gz";
        try {
            URL url = base.resolve(file).toURL();
            HttpURLConnection connection = (HttpURLConnection) url.openConnection();
            connection.setConnectTimeout((int) timeout.toMillis());
            connection.setReadTimeout((int) timeout.toMillis());
            connection.setRequestProperty("User-Agent", "seqmnist");
            int status = connection.getResponseCode();
            if (status != HttpURLConnection.HTTP_OK) {
                String message = connection.getResponseMessage();
                connection.disconnect();
                throw new SourceFailure(file + ": HTTP " + status + (message == null ? "" : " " + message));
            }
            return new FilterInputStream(connection.getInputStream()) {
                @Override
                public int read() throws IOException {
                    byte[] one = new byte[1];
                    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    try {
                        return in.read(b, off, len);
                    } catch (IOException e) {
                        throw new SourceFailure(file + ": " + reason(e));
                    }
                }
            };
        } catch (IOException e) {
            throw new SourceFailure(file + ": " + reason(e));
        }
    }

    /** Why the network failed, in a few words. */
    private String reason(IOException e) {
        if (e instanceof UnknownHostException) {
            return "cannot resolve " + base.getHost() + " (no network?)";
        }
        if (e instanceof SocketTimeoutException) {
            return "no answer for " + seconds(timeout) + " s (--timeout)";
        }
        if (e instanceof ConnectException) {
            return "cannot connect (" + e.getMessage() + ")";
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    private static String seconds(Duration d) {
        return java.math.BigDecimal.valueOf(d.toMillis(), 3)
                .stripTrailingZeros()
                .toPlainString();
    }
}
