package io.seqmnist.serve;

import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.seqmnist.UserError;
import io.seqmnist.data.Mnist;
import io.seqmnist.predict.DigitImage;
import io.seqmnist.predict.Prediction;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import javax.imageio.ImageIO;

/**
 * {@code POST /api/predict}: a picture (PNG, JPEG, BMP or GIF) or a JSON array of 784 pixel values in [0, 1]; answers,
 * for every model, what it reads after the last row and after each row, its gates and state change after each row, and
 * the prepared 28 x 28 image they all read.
 */
final class PredictHandler implements HttpHandler {

    static final String PATH = "/api/predict";

    /** What the server answers. */
    record Answer(float[][] image, List<ModelAnswer> models) {}

    record ModelAnswer(
            String name,
            int predicted,
            float[] probabilities,
            float[][] probabilitiesAfterEachRow,
            Map<String, float[]> internalsAfterEachRow) {}

    /** The formats DigitImage reads (as predict does), under every MIME type ImageIO knows them by. */
    static final Set<String> IMAGE_TYPES = Stream.of("png", "jpeg", "bmp", "gif")
            .flatMap(format -> stream(ImageIO.getImageReadersByFormatName(format)))
            .flatMap(reader -> Arrays.stream(reader.getOriginatingProvider().getMIMETypes()))
            .map(type -> type.toLowerCase(Locale.ROOT))
            .collect(Collectors.toCollection(TreeSet::new));

    private final List<ServedModel> models;

    PredictHandler(List<ServedModel> models) {
        this.models = models;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        if (!exchange.getRequestURI().getPath().equals(PATH)) {
            throw new HttpError(404, "not found: " + exchange.getRequestURI().getPath());
        }
        Exchanges.requireMethod(exchange, "POST");
        String type = mediaType(exchange.getRequestHeaders().getFirst("Content-Type"));
        float[] pixels;
        if (type.equals("application/json")) {
            pixels = fromJson(Exchanges.readBody(exchange, WebServer.MAX_BODY_BYTES));
        } else if (IMAGE_TYPES.contains(type)) {
            pixels = fromImage(Exchanges.readBody(exchange, WebServer.MAX_BODY_BYTES));
        } else {
            throw new HttpError(
                    415,
                    "unsupported Content-Type '" + type + "': send application/json"
                            + " (784 pixel values) or an image: " + String.join(", ", IMAGE_TYPES));
        }
        Exchanges.sendJson(exchange, 200, answer(pixels));
    }

    Answer answer(float[] pixels) {
        List<ModelAnswer> answers = models.stream()
                .map(model -> {
                    Prediction p = model.classify(pixels);
                    return new ModelAnswer(
                            model.name(),
                            p.predicted(),
                            p.probabilities(),
                            p.probabilitiesAfterEachRow(),
                            p.internalsAfterEachRow());
                })
                .toList();
        float[][] image = new float[Mnist.SEQUENCE_LENGTH][];
        for (int row = 0; row < image.length; row++) {
            image[row] = Arrays.copyOfRange(pixels, row * Mnist.INPUT_SIZE, (row + 1) * Mnist.INPUT_SIZE);
        }
        return new Answer(image, answers);
    }

    /** "image/PNG; charset=x" -> "image/png"; a missing header is refused. */
    static String mediaType(String header) {
        if (header == null || header.isBlank()) {
            throw new HttpError(415, "no Content-Type: send application/json or an image such as image/png");
        }
        return header.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    }

    /** The picture, decoded and prepared like MNIST's digits (the same steps as predict). */
    private static float[] fromImage(byte[] body) {
        BufferedImage image;
        try { // refuses images over 4096 x 4096 before decoding them
            image = DigitImage.read(body, "request body");
        } catch (UserError e) {
            throw new HttpError(400, e.getMessage());
        }
        try {
            return DigitImage.prepare(image);
        } catch (UserError e) {
            throw new HttpError(422, e.getMessage());
        }
    }

    /** Exactly 784 numbers in [0, 1], strict JSON: an image already 28 x 28. */
    static float[] fromJson(byte[] body) {
        float[] pixels = new float[Mnist.PIXELS];
        int count = 0;
        try (JsonReader reader =
                new JsonReader(new InputStreamReader(new ByteArrayInputStream(body), StandardCharsets.UTF_8))) {
            reader.setStrictness(Strictness.STRICT);
            if (reader.peek() != JsonToken.BEGIN_ARRAY) {
                throw new HttpError(400, "expected a JSON array of " + Mnist.PIXELS + " numbers");
            }
            reader.beginArray();
            while (reader.hasNext()) {
                if (reader.peek() != JsonToken.NUMBER) {
                    throw new HttpError(400, "element " + count + " is not a number");
                }
                double value = reader.nextDouble();
                if (!(value >= 0 && value <= 1)) {
                    throw new HttpError(400, "element " + count + " is " + value + ", outside [0, 1]");
                }
                if (count < pixels.length) {
                    pixels[count] = (float) value;
                }
                count++;
            }
            reader.endArray();
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw new HttpError(400, "unexpected content after the array");
            }
        } catch (IOException | IllegalStateException e) {
            throw new HttpError(400, "malformed JSON: " + e.getMessage());
        }
        if (count != Mnist.PIXELS) {
            throw new HttpError(400, "expected " + Mnist.PIXELS + " pixel values (28 x 28), got " + count);
        }
        float[] checked;
        try {
            checked = DigitImage.fromPixels(pixels);
        } catch (UserError e) {
            throw new HttpError(400, e.getMessage());
        }
        for (float v : checked) {
            if (v > 0) {
                return checked;
            }
        }
        throw new HttpError(422, "blank image: all " + Mnist.PIXELS + " pixel values are 0");
    }

    private static <T> Stream<T> stream(Iterator<T> iterator) {
        Iterable<T> once = () -> iterator;
        return StreamSupport.stream(once.spliterator(), false);
    }
}
