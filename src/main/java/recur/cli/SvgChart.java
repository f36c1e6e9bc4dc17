package recur.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A line chart as SVG text: one path per series over shared axes, with tick labels and a
 * legend. Plain text, so drawing needs nothing beyond the JDK.
 */
final class SvgChart {
    /** One curve: its name and points (x ascending or not; drawn in the order given). */
    record Series(String name, List<double[]> points) {}

    private static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b"};
    private static final int W = 720;
    private static final int H = 420;
    private static final int LEFT = 64;
    private static final int RIGHT = 160;
    private static final int TOP = 24;
    private static final int BOTTOM = 48;

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final List<Series> series = new ArrayList<>();

    SvgChart(String title, String xLabel, String yLabel) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
    }

    void add(Series s) {
        series.add(s);
    }

    String render() {
        double x0 = Double.POSITIVE_INFINITY;
        double x1 = Double.NEGATIVE_INFINITY;
        double y0 = Double.POSITIVE_INFINITY;
        double y1 = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            for (double[] p : s.points()) {
                x0 = Math.min(x0, p[0]);
                x1 = Math.max(x1, p[0]);
                y0 = Math.min(y0, p[1]);
                y1 = Math.max(y1, p[1]);
            }
        }
        if (x0 > x1) { // no points at all: an empty frame
            x0 = 0;
            x1 = 1;
            y0 = 0;
            y1 = 1;
        }
        if (x1 == x0) {
            x1 = x0 + 1;
        }
        if (y1 == y0) {
            y1 = y0 + 1;
        }
        double pad = (y1 - y0) * 0.05;
        y0 -= pad;
        y1 += pad;
        double pw = W - LEFT - RIGHT;
        double ph = H - TOP - BOTTOM;
        StringBuilder s = new StringBuilder();
        s.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">%n", W, H, W, H));
        s.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", W, H));
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"16\" font-size=\"14\">%s</text>%n", LEFT, esc(title)));
        s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.0f\" height=\"%.0f\" fill=\"none\" stroke=\"#888\"/>%n",
                LEFT, TOP, pw, ph));
        for (int i = 0; i <= 4; i++) {
            double fx = x0 + (x1 - x0) * i / 4;
            double fy = y0 + (y1 - y0) * i / 4;
            double px = LEFT + pw * i / 4;
            double py = TOP + ph - ph * i / 4;
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n", px, H - BOTTOM + 16, tick(fx)));
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n", LEFT - 4, py + 4, tick(fy)));
        }
        s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n", LEFT + pw / 2, H - 10, esc(xLabel)));
        s.append(String.format(Locale.ROOT, "<text x=\"14\" y=\"%.1f\" text-anchor=\"middle\" transform=\"rotate(-90 14 %.1f)\">%s</text>%n",
                TOP + ph / 2, TOP + ph / 2, esc(yLabel)));
        for (int k = 0; k < series.size(); k++) {
            Series sr = series.get(k);
            String colour = COLOURS[k % COLOURS.length];
            StringBuilder d = new StringBuilder();
            for (double[] p : sr.points()) {
                double px = LEFT + pw * (p[0] - x0) / (x1 - x0);
                double py = TOP + ph - ph * (p[1] - y0) / (y1 - y0);
                d.append(d.length() == 0 ? "M" : " L").append(String.format(Locale.ROOT, "%.2f %.2f", px, py));
            }
            s.append(String.format(Locale.ROOT, "<path class=\"series\" data-name=\"%s\" d=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\"/>%n",
                    esc(sr.name()), d, colour));
            int ly = TOP + 12 + 18 * k;
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"2\"/>%n",
                    W - RIGHT + 12, ly - 4, W - RIGHT + 36, ly - 4, colour));
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%s</text>%n", W - RIGHT + 42, ly, esc(sr.name())));
        }
        s.append("</svg>\n");
        return s.toString();
    }

    private static String tick(double v) {
        return Math.abs(v) >= 1000 || v == Math.rint(v) ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.3g", v);
    }

    private static String esc(String t) {
        return t.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
