package recur.cli;

/** Parses durations as users write them: 90, 90s, 10m, 1.5h. */
final class Durations {
    private Durations() {}

    static double seconds(String text, String option) {
        String t = text.strip().toLowerCase();
        double unit = 1;
        if (t.endsWith("h")) {
            unit = 3600;
        } else if (t.endsWith("m")) {
            unit = 60;
        } else if (t.endsWith("s")) {
            unit = 1;
        }
        if (!t.isEmpty() && Character.isLetter(t.charAt(t.length() - 1))) {
            t = t.substring(0, t.length() - 1);
        }
        try {
            double v = Double.parseDouble(t) * unit;
            if (v < 0 || Double.isNaN(v) || Double.isInfinite(v)) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " must be a duration such as 90, 90s, 10m or 1.5h, got '" + text + "'");
        }
    }
}
