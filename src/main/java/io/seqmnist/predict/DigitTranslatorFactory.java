package io.seqmnist.predict;

import ai.djl.Model;
import ai.djl.modality.Classifications;
import ai.djl.modality.cv.Image;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorFactory;
import ai.djl.util.Pair;
import io.seqmnist.UserError;
import io.seqmnist.data.SequenceLayout;
import io.seqmnist.experiment.RunDirectory;
import java.lang.reflect.Type;
import java.util.Map;
import java.util.Set;

/**
 * DJL's {@link TranslatorFactory} for a run folder: {@link DigitTranslator}s from a DJL {@link Image} or from 28 x 28
 * pixels ({@code float[28][28]}, ink 1, in [0, 1]) to {@link Classifications} of the ten digits. Before it hands out a
 * translator it checks that the parameters DJL loaded have the shapes the folder's summary.json needs (DJL checks their
 * names only). Its translators read the images as the run did: T steps of 784/T pixels, permuted if the run was
 * ({@link RunDirectory#readLayout}).
 */
public final class DigitTranslatorFactory implements TranslatorFactory {

    @Override
    public Set<Pair<Type, Type>> getSupportedTypes() {
        return Set.of(
                new Pair<>(Image.class, Classifications.class), new Pair<>(float[][].class, Classifications.class));
    }

    @Override
    @SuppressWarnings("unchecked")
    public <I, O> Translator<I, O> newInstance(Class<I> input, Class<O> output, Model model, Map<String, ?> arguments) {
        if (!isSupported(input, output)) {
            throw new IllegalArgumentException("no translator from " + input.getName() + " to " + output.getName()
                    + "; supported: " + getSupportedTypes());
        }
        SequenceLayout layout;
        try {
            RunDirectory run = new RunDirectory(model.getModelPath());
            run.checkLoaded(model);
            layout = run.readLayout();
        } catch (UserError e) {
            model.close(); // DJL's loader does not close a model whose translator fails
            throw e;
        }
        return (Translator<I, O>)
                (input == Image.class ? DigitTranslator.forImages(layout) : DigitTranslator.forPixels(layout));
    }
}
