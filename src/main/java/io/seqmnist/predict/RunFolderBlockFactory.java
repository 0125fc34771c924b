package io.seqmnist.predict;

import ai.djl.Model;
import ai.djl.nn.Block;
import ai.djl.nn.BlockFactory;
import io.seqmnist.experiment.RunDirectory;
import java.nio.file.Path;
import java.util.Map;

/**
 * DJL's {@link BlockFactory} for a run folder written by {@code train}: the block its summary.json names (model kind,
 * hidden size), into which DJL's loader then reads the folder's {@code model-NNNN.params}. Given to
 * {@code Criteria.builder().optArgument("blockFactory", new RunFolderBlockFactory())}.
 */
public final class RunFolderBlockFactory implements BlockFactory {

    private static final long serialVersionUID = 1L;

    /** The model DJL's loader made for the block: it does not close it when loading fails. */
    private transient Model model;

    @Override
    public Block newBlock(Model model, Path modelPath, Map<String, ?> arguments) {
        this.model = model;
        try {
            return new RunDirectory(modelPath).newBlock(model.getNDManager());
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /** Closes the model this factory built a block for, after DJL's loader failed to load it (no-op when none). */
    void closeModelAfterFailure() {
        if (model != null) {
            model.close();
            model = null;
        }
    }
}
