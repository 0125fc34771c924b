package io.seqmnist.serve;

import io.seqmnist.predict.Classifier;
import io.seqmnist.predict.Prediction;

/** A loaded classifier under the name the page shows (the classifier is safe to share). */
record ServedModel(String name, Classifier classifier) {

    Prediction classify(float[] pixels) {
        return classifier.classify(pixels);
    }
}
