package io.seqmnist.report;

import io.seqmnist.data.Mnist;
import io.seqmnist.experiment.RunDirectory;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The report's PNG figures: XChart for charts, plain Java2D for grids of digits. */
final class Charts {

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private Charts() {}

    /** Ten colours told apart at a glance (matplotlib's tab10). */
    private static final Color[] DISTINCT = {
        new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728), new Color(0x9467bd),
        new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f), new Color(0xbcbd22), new Color(0x17becf)
    };

    /** One line per series over a shared x axis, with labelled axes and a legend. */
    static void lines(
            Path file,
            String title,
            String xTitle,
            String yTitle,
            double[] x,
            Map<String, double[]> series,
            double yMin,
            double yMax)
            throws IOException {
        lines(file, title, xTitle, yTitle, x, false, series, yMin, yMax);
    }

    /** As above; {@code logX} puts x on a logarithmic axis (sequence lengths 28 to 784). */
    static void lines(
            Path file,
            String title,
            String xTitle,
            String yTitle,
            double[] x,
            boolean logX,
            Map<String, double[]> series,
            double yMin,
            double yMax)
            throws IOException {
        XYChart chart = xyChart(title, xTitle, yTitle);
        chart.getStyler().setXAxisLogarithmic(logX);
        // outside: inside, it hid the points at the longest T, where accuracy falls to chance
        chart.getStyler().setLegendPosition(logX ? Styler.LegendPosition.OutsideE : Styler.LegendPosition.InsideSE);
        if (logX) {
            // the default palette's 2nd and 6th colours are two near-identical yellows: a study has 6 lines and more
            chart.getStyler().setSeriesColors(DISTINCT);
        }
        chart.getStyler().setYAxisMin(yMin).setYAxisMax(yMax);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        series.forEach((name, y) -> {
            XYSeries s = chart.addSeries(name, x, y);
            s.setMarker(SeriesMarkers.CIRCLE);
        });
        save(chart, file);
    }

    /** As {@link #lines}, on a logarithmic y axis fitted to the data (for values spanning orders of magnitude). */
    static void logLines(
            Path file, String title, String xTitle, String yTitle, double[] x, Map<String, double[]> series)
            throws IOException {
        XYChart chart = xyChart(title, xTitle, yTitle);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        series.forEach((name, y) -> {
            // a log axis cannot show 0: such a point is left out of its line rather than failing the chart
            double[] shown = Arrays.stream(y).map(v -> v > 0 ? v : Double.NaN).toArray();
            XYSeries s = chart.addSeries(name, x, shown);
            s.setMarker(SeriesMarkers.CIRCLE);
        });
        save(chart, file);
    }

    private static XYChart xyChart(String title, String xTitle, String yTitle) {
        return new XYChartBuilder()
                .width(900)
                .height(520)
                .title(title)
                .xAxisTitle(xTitle)
                .yAxisTitle(yTitle)
                .build();
    }

    /** A confusion matrix: rows are true classes, columns predicted ones, counts in the cells. */
    static void confusion(Path file, String title, int[][] matrix) throws IOException {
        int k = matrix.length;
        int[] classes = new int[k];
        for (int i = 0; i < k; i++) {
            classes[i] = i;
        }
        int[][] cells = new int[k][k]; // XChart reads it as cells[x][y], y counted upwards
        for (int t = 0; t < k; t++) {
            for (int p = 0; p < k; p++) {
                cells[p][k - 1 - t] = matrix[t][p]; // true class 0 on top, like a printed matrix
            }
        }
        HeatMapChart chart = new HeatMapChartBuilder()
                .width(620)
                .height(560)
                .title(title)
                .xAxisTitle("predicted class")
                .yAxisTitle("true class")
                .build();
        chart.getStyler()
                .setShowValue(true)
                .setPiecewise(false)
                .setRangeColors(new Color[] {Color.WHITE, new Color(255, 200, 120), new Color(200, 40, 40)})
                .setMax(30)
                .setMin(0);
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setxAxisTickLabelsFormattingFunction(v -> String.valueOf(v.intValue()));
        chart.getStyler().setyAxisTickLabelsFormattingFunction(v -> String.valueOf(k - 1 - v.intValue()));
        chart.addSeries("counts", classes, classes, cells);
        save(chart, file);
    }

    /** Test digits in a grid, each captioned "true t / predicted p". */
    static void digitGrid(Path file, Mnist.Split test, int[] indices, int[] predicted, int columns) throws IOException {
        int scale = 3;
        int cell = Mnist.INPUT_SIZE * scale;
        int captionHeight = 16;
        int rows = Math.max(1, (indices.length + columns - 1) / columns);
        BufferedImage img =
                new BufferedImage(columns * (cell + 8), rows * (cell + captionHeight + 8), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        for (int i = 0; i < indices.length; i++) {
            int x0 = (i % columns) * (cell + 8) + 4;
            int y0 = (i / columns) * (cell + captionHeight + 8) + 4;
            g.drawImage(digit(test, indices[i], scale), x0, y0, null);
            g.setColor(Color.BLACK);
            g.drawString("true " + test.label(indices[i]) + " / pred " + predicted[indices[i]], x0, y0 + cell + 12);
        }
        g.dispose();
        writePng(img, file);
    }

    /** A digit beside the chart of its class probabilities after each row it has read. */
    static void rowProbabilities(Path file, String title, Mnist.Split test, int index, float[][] probabilities)
            throws IOException {
        int rows = probabilities.length;
        double[] t = new double[rows];
        for (int i = 0; i < rows; i++) {
            t[i] = i + 1;
        }
        XYChart chart = new XYChartBuilder()
                .width(760)
                .height(400)
                .title(title)
                .xAxisTitle("rows read (t)")
                .yAxisTitle("probability")
                .build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setYAxisMin(0.0).setYAxisMax(1.0);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        for (int c = 0; c < probabilities[0].length; c++) {
            double[] y = new double[rows];
            for (int i = 0; i < rows; i++) {
                y[i] = probabilities[i][c];
            }
            XYSeries s = chart.addSeries("class " + c, t, y);
            s.setMarker(SeriesMarkers.NONE);
            if (c == test.label(index)) {
                s.setLineWidth(4f);
            }
        }
        besideDigit(file, test, index, BitmapEncoder.getBufferedImage(chart));
    }

    /**
     * A digit beside a heat map of one gate on it: rows read (top to bottom, as on the digit) by hidden units, sorted
     * by their mean over the rows so that the picture reads as bands.
     */
    static void gateMap(Path file, String title, Mnist.Split test, int index, float[][] gate) throws IOException {
        int rows = gate.length;
        int units = gate[0].length;
        Integer[] order = new Integer[units];
        double[] unitMean = new double[units];
        for (int u = 0; u < units; u++) {
            order[u] = u;
            for (float[] row : gate) {
                unitMean[u] += row[u] / rows;
            }
        }
        Arrays.sort(order, Comparator.comparingDouble(u -> unitMean[u]));
        List<Integer> x = IntStream.range(0, units).boxed().toList();
        List<Integer> y = IntStream.range(0, rows).boxed().toList();
        List<Number[]> cells = new ArrayList<>(rows * units);
        for (int r = 0; r < rows; r++) {
            for (int u = 0; u < units; u++) { // XChart counts y upwards: row 1 at the top
                cells.add(new Number[] {u, rows - 1 - r, gate[r][order[u]]});
            }
        }
        HeatMapChart chart = new HeatMapChartBuilder()
                .width(760)
                .height(400)
                .title(title)
                .xAxisTitle("hidden units, sorted by their mean")
                .yAxisTitle("row (t)")
                .build();
        chart.getStyler().setPiecewise(false).setMin(0).setMax(1).setRangeColors(new Color[] {
            new Color(68, 1, 84), new Color(49, 104, 142), new Color(53, 183, 121), new Color(253, 231, 37)
        });
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotContentSize(1.0);
        // XChart refuses an empty tick label (TextLayout of ""), which a small hidden size's ticks
        // between the multiples of 25 would get: such a tick is labelled with a space
        chart.getStyler()
                .setxAxisTickLabelsFormattingFunction(v -> v.intValue() % 25 == 0 ? String.valueOf(v.intValue()) : " ");
        chart.getStyler().setyAxisTickLabelsFormattingFunction(v -> {
            int row = rows - v.intValue();
            return row == 1 || row % 7 == 0 ? String.valueOf(row) : " ";
        });
        chart.addSeries("gate", x, y, cells);
        besideDigit(file, test, index, BitmapEncoder.getBufferedImage(chart));
    }

    /** The digit, its rows marked, at the left of a plot, in one PNG. */
    private static void besideDigit(Path file, Mnist.Split test, int index, BufferedImage plot) {
        int scale = 8;
        int side = Mnist.INPUT_SIZE * scale;
        BufferedImage img = new BufferedImage(
                side + 30 + plot.getWidth(), Math.max(plot.getHeight(), side + 20), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        int y0 = (img.getHeight() - side) / 2;
        g.drawImage(digit(test, index, scale), 10, y0, null);
        g.setColor(new Color(0, 120, 255, 90)); // faint lines between rows: one row = one time step
        g.setStroke(new BasicStroke(1f));
        for (int r = 1; r < Mnist.SEQUENCE_LENGTH; r++) {
            g.drawLine(10, y0 + r * scale, 10 + side, y0 + r * scale);
        }
        g.drawImage(plot, side + 30, 0, null);
        g.dispose();
        writePng(img, file);
    }

    /** A test image as white ink on black, each pixel a square of {@code scale}. */
    static BufferedImage digit(Mnist.Split split, int index, int scale) {
        int n = Mnist.INPUT_SIZE;
        BufferedImage img = new BufferedImage(n * scale, n * scale, BufferedImage.TYPE_INT_RGB);
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < n; c++) {
                int v = split.pixel(index, r, c);
                int rgb = (v << 16) | (v << 8) | v;
                for (int dy = 0; dy < scale; dy++) {
                    for (int dx = 0; dx < scale; dx++) {
                        img.setRGB(c * scale + dx, r * scale + dy, rgb);
                    }
                }
            }
        }
        return img;
    }

    private static void save(Chart<?, ?> chart, Path file) throws IOException {
        writePng(BitmapEncoder.getBufferedImage(chart), file);
    }

    /** Written beside the target and renamed: no half-written PNG, even when interrupted. */
    private static void writePng(BufferedImage img, Path file) {
        RunDirectory.writeAtomically(file, out -> ImageIO.write(img, "png", out));
    }
}
