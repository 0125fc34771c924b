package io.seqmnist.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import com.google.gson.JsonParseException;
import io.seqmnist.IoErrors;
import io.seqmnist.UserError;
import io.seqmnist.data.Mnist;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * Everything a run needs to continue after a complete epoch as if it had never stopped: its
 * config and a fingerprint of its data, the epoch, the metrics so far, the model's parameters and
 * Adam's state (both moments of every parameter, and the step count of its bias correction).
 *
 * <p>Not saved because nothing depends on it: the shuffling (EpochSampler's order is a function
 * of seed and epoch alone), the engine's random generator (only initialisation draws from it,
 * and the saved parameters replace the initial ones; the models use no dropout).
 *
 * <p>The file: a magic line, a version, the header as JSON, the arrays (DJL's NDArray encoding,
 * each under a name: {@code param/NAME}, {@code mean/NAME}, {@code variance/NAME}), and a CRC32
 * of everything before it, so a damaged file is recognised rather than half-loaded.
 */
public final class Checkpoint {

    public static final String FILE = "checkpoint.bin";
    private static final String MAGIC = "seqmnist checkpoint";
    private static final int VERSION = 1;

    /** What the checkpoint holds besides the arrays. */
    public record Header(
            TrainConfig config, long dataFingerprint, int epoch, long steps,
            List<EpochResult> results) {}

    private final Header header;
    private final Map<String, byte[]> arrays;

    private Checkpoint(Header header, Map<String, byte[]> arrays) {
        this.header = header;
        this.arrays = arrays;
    }

    public Header header() {
        return header;
    }

    /** Complete epochs. */
    public int epoch() {
        return header.epoch();
    }

    /** The names of the saved arrays, in order. */
    java.util.Set<String> arrayNames() {
        return arrays.keySet();
    }

    /** The state of a run after {@code results.size()} complete epochs. */
    static Checkpoint capture(TrainConfig config, long dataFingerprint, List<EpochResult> results,
            Block block, SaveableAdam adam) {
        Map<String, byte[]> arrays = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            String name = p.getKey();
            NDArray live = p.getValue().getArray();
            arrays.put("param/" + name, live.encode());
            float[] mean = adam.mean(p.getValue().getId());
            if (mean != null) {
                arrays.put("mean/" + name, encode(live, mean));
                arrays.put("variance/" + name, encode(live, adam.variance(p.getValue().getId())));
            }
        }
        Header header = new Header(config, dataFingerprint, results.size(), adam.steps(),
                List.copyOf(results));
        return new Checkpoint(header, arrays);
    }

    /**
     * Puts the saved parameters into the block's arrays (in place: the trainer holds them) and
     * the saved moments into the optimizer, which must have been made with
     * {@code SaveableAdam.create(lr, header().steps())}.
     */
    void restore(Block block, SaveableAdam adam, NDManager manager) {
        for (Pair<String, Parameter> p : block.getParameters()) {
            String name = p.getKey();
            NDArray live = p.getValue().getArray();
            try (NDArray saved = decode("param/" + name, manager)) {
                requireShapeOf(live, saved, "parameter " + name);
                live.set(saved.toByteBuffer());
            }
            if (arrays.containsKey("mean/" + name)) {
                try (NDArray mean = decode("mean/" + name, manager);
                        NDArray variance = decode("variance/" + name, manager)) {
                    requireShapeOf(live, mean, "Adam's moment of " + name);
                    requireShapeOf(live, variance, "Adam's moment of " + name);
                    adam.setMoments(p.getValue().getId(), mean.toFloatArray(),
                            variance.toFloatArray());
                }
            }
        }
    }

    private static void requireShapeOf(NDArray live, NDArray saved, String what) {
        if (!saved.getShape().equals(live.getShape())) {
            throw new UserError("checkpoint: " + what + " has shape " + saved.getShape()
                    + ", the model " + live.getShape());
        }
    }

    /** Values laid out as the parameter, in DJL's array encoding (as the parameters are saved). */
    private static byte[] encode(NDArray parameter, float[] values) {
        try (NDArray array = parameter.getManager().create(values, parameter.getShape())) {
            return array.encode();
        }
    }

    private NDArray decode(String name, NDManager manager) {
        byte[] bytes = arrays.get(name);
        if (bytes == null) {
            throw new UserError("checkpoint: holds no array " + name);
        }
        return manager.decode(bytes);
    }

    /** Writes the checkpoint atomically: the previous one stays whole until the rename. */
    public void save(Path file) {
        RunDirectory.writeAtomically(file, out -> out.write(toBytes()));
    }

    byte[] toBytes() {
        try (ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeUTF(MAGIC);
            out.writeInt(VERSION);
            writeBlock(out, RunDirectory.GSON.toJson(header).getBytes(StandardCharsets.UTF_8));
            out.writeInt(arrays.size());
            for (Map.Entry<String, byte[]> e : arrays.entrySet()) {
                out.writeUTF(e.getKey());
                writeBlock(out, e.getValue());
            }
            out.flush();
            CRC32 crc = new CRC32();
            crc.update(bytes.toByteArray());
            out.writeLong(crc.getValue());
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new AssertionError("writing to memory cannot fail", e);
        }
    }

    /** Reads a checkpoint, or fails with a one-line error when the file is damaged. */
    public static Checkpoint load(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new UserError(file + ": not found");
        } catch (IOException e) {
            throw new UserError(file + ": cannot read (" + IoErrors.describe(e) + ")");
        }
        try {
            return fromBytes(bytes);
        } catch (IOException | JsonParseException | IllegalArgumentException e) {
            throw new UserError(file + ": damaged checkpoint (" + e.getMessage() + ")");
        }
    }

    static Checkpoint fromBytes(byte[] bytes) throws IOException {
        int body = bytes.length - Long.BYTES;
        if (body <= 0) {
            throw new IOException("too short: " + bytes.length + " bytes");
        }
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, body);
        if (crc.getValue() != ByteBuffer.wrap(bytes, body, Long.BYTES).getLong()) {
            throw new IOException("checksum mismatch");
        }
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes, 0, body));
        if (!MAGIC.equals(in.readUTF())) {
            throw new IOException("not a seqmnist checkpoint");
        }
        int version = in.readInt();
        if (version != VERSION) {
            throw new IOException("format version " + version + ", expected " + VERSION);
        }
        Header header = RunDirectory.GSON.fromJson(
                new String(readBlock(in), StandardCharsets.UTF_8), Header.class);
        if (header == null || header.config() == null || header.config().model() == null
                || header.results() == null || header.epoch() != header.results().size()) {
            throw new IOException("incomplete header");
        }
        int count = in.readInt();
        Map<String, byte[]> arrays = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            arrays.put(in.readUTF(), readBlock(in));
        }
        return new Checkpoint(header, arrays);
    }

    private static void writeBlock(DataOutputStream out, byte[] block) throws IOException {
        out.writeInt(block.length);
        out.write(block);
    }

    private static byte[] readBlock(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > in.available()) {
            throw new IOException("block length " + length + " beyond the end of the file");
        }
        return in.readNBytes(length);
    }

    /** CRC32 of every image and label of the dataset: a run resumes only on the same data. */
    public static long dataFingerprint(Mnist data) {
        CRC32 crc = new CRC32();
        crc.update(data.train().pixels());
        crc.update(data.train().labels());
        crc.update(data.test().pixels());
        crc.update(data.test().labels());
        return crc.getValue();
    }
}
