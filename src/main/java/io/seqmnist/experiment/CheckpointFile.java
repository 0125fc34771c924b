package io.seqmnist.experiment;

import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.seqmnist.IoErrors;
import io.seqmnist.UserError;
import io.seqmnist.train.Checkpoint;
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
 * checkpoint.bin: a magic line, a version, the {@link Checkpoint.Header} as JSON, the arrays (each under its name), and
 * a CRC32 of everything before it, so a damaged file is recognised rather than half-loaded. Version 3 may be taken
 * within an epoch: its header then holds {@code partial} (the batches done and the epoch's running sums), which a
 * program reading version 2 would ignore and resume from the wrong batch, hence the new version. Version 2 nests the
 * training settings under {@code optimization}; version 1, written before, holds them flat in the config (or not at
 * all, before recipes existed: the assignment's), and reads as the same config. Both read as checkpoints at the end of
 * an epoch.
 */
public final class CheckpointFile {

    public static final String FILE = "checkpoint.bin";
    private static final String MAGIC = "seqmnist checkpoint";
    private static final int VERSION = 3;
    /** Version 1's flat keys of the training settings, and their names under "optimization". */
    private static final Map<String, String> FLAT_SETTINGS = Map.of(
            "lr_schedule",
            "schedule",
            "learning_rate",
            "learning_rate",
            "warmup_epochs",
            "warmup_epochs",
            "clip_norm",
            "clip_norm",
            "weight_decay",
            "weight_decay");

    private CheckpointFile() {}

    /** Writes the checkpoint atomically: the previous one stays whole until the rename. */
    public static void save(Checkpoint checkpoint, Path file) {
        RunDirectory.writeAtomically(file, out -> out.write(toBytes(checkpoint)));
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
        } catch (IOException | JsonParseException | IllegalArgumentException | IllegalStateException e) {
            throw new UserError(file + ": damaged checkpoint (" + e.getMessage() + ")");
        }
    }

    static byte[] toBytes(Checkpoint checkpoint) {
        try (ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeUTF(MAGIC);
            out.writeInt(VERSION);
            writeBlock(out, RunDirectory.GSON.toJson(checkpoint.header()).getBytes(StandardCharsets.UTF_8));
            out.writeInt(checkpoint.arrays().size());
            for (Map.Entry<String, byte[]> e : checkpoint.arrays().entrySet()) {
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
        if (version < 1 || version > VERSION) {
            throw new IOException("format version " + version + ", expected 1 to " + VERSION);
        }
        JsonObject json = JsonParser.parseString(new String(readBlock(in), StandardCharsets.UTF_8))
                .getAsJsonObject();
        if (version == 1 && json.get("config") instanceof JsonObject config) {
            nestSettings(config);
        }
        Checkpoint.Header header = RunDirectory.GSON.fromJson(json, Checkpoint.Header.class);
        if (header == null
                || header.config() == null
                || header.config().model() == null
                || header.results() == null
                || header.epoch() != header.results().size()) {
            throw new IOException("incomplete header");
        }
        if (header.partial() != null
                && (version < 3
                        || header.partial().batches() < 1
                        || header.partial().seen() < 1)) {
            throw new IOException("a partial epoch of " + header.partial().batches() + " batches");
        }
        int count = in.readInt();
        Map<String, byte[]> arrays = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            arrays.put(in.readUTF(), readBlock(in));
        }
        return new Checkpoint(header, arrays);
    }

    /** Version 1's flat training settings moved under "optimization", as version 2 keeps them. */
    private static void nestSettings(JsonObject config) {
        JsonObject optimization = new JsonObject();
        for (String key : List.copyOf(config.keySet())) {
            if (FLAT_SETTINGS.containsKey(key)) {
                optimization.add(FLAT_SETTINGS.get(key), config.remove(key));
            }
        }
        config.add("optimization", optimization);
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
}
