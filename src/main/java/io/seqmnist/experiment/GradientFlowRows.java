package io.seqmnist.experiment;

import java.util.ArrayList;
import java.util.List;

/** The rows of gradient-flow.csv back to epochs: each epoch's steps 1..T in order, epochs ascending. */
final class GradientFlowRows {

    private GradientFlowRows() {}

    /** @throws IllegalArgumentException naming the first line that breaks the format */
    static List<EpochGradientFlow> parse(List<String> lines) {
        if (lines.isEmpty() || !lines.get(0).equals(RunDirectory.GRADIENT_FLOW_HEADER)) {
            throw new IllegalArgumentException("the first line is not " + RunDirectory.GRADIENT_FLOW_HEADER);
        }
        List<EpochGradientFlow> epochs = new ArrayList<>();
        int epoch = 0;
        List<double[]> rows = new ArrayList<>(); // {grad_h, grad_c or NaN}
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            String[] f = lines.get(i).split(",", -1);
            if (f.length != 4) {
                throw new IllegalArgumentException("line " + (i + 1) + " has " + f.length + " fields, not 4");
            }
            int rowEpoch = Integer.parseInt(f[0]);
            int step = Integer.parseInt(f[1]);
            if (rowEpoch != epoch) {
                if (rowEpoch <= epoch) {
                    throw new IllegalArgumentException("line " + (i + 1) + ": epoch " + rowEpoch + " after " + epoch);
                }
                add(epochs, epoch, rows);
                epoch = rowEpoch;
                rows = new ArrayList<>();
            }
            if (step != rows.size() + 1) {
                throw new IllegalArgumentException(
                        "line " + (i + 1) + ": step " + step + ", expected " + (rows.size() + 1));
            }
            rows.add(new double[] {Double.parseDouble(f[2]), f[3].isEmpty() ? Double.NaN : Double.parseDouble(f[3])});
        }
        add(epochs, epoch, rows);
        return epochs;
    }

    private static void add(List<EpochGradientFlow> epochs, int epoch, List<double[]> rows) {
        if (rows.isEmpty()) {
            return;
        }
        double[] h = new double[rows.size()];
        double[] c = Double.isNaN(rows.get(0)[1]) ? null : new double[rows.size()];
        for (int t = 0; t < rows.size(); t++) {
            h[t] = rows.get(t)[0];
            if (c != null) {
                c[t] = rows.get(t)[1];
            }
        }
        epochs.add(new EpochGradientFlow(epoch, h, c));
    }
}
