package recur.cli;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parses durations as users write them: 90, 90s, 10m, 1.5h. */
public final class Durations {
    private Durations() {}

    /** A number, then optionally a unit: h, m or s (the default). */
    private static final Pattern DURATION = Pattern.compile("([0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)([hms]?)");

    /** The seconds {@code text} says, or null when it is no duration. */
    static Double seconds(String text) {
        Matcher m = DURATION.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            return null;
        }
        double unit = switch (m.group(2)) {
            case "h" -> 3600;
            case "m" -> 60;
            default -> 1;
        };
        double v = Double.parseDouble(m.group(1)) * unit;
        return Double.isFinite(v) ? v : null;
    }

    /** A duration option, in seconds, checked while the command line is parsed. */
    public static final class Seconds implements ITypeConverter<Double> {
        @Override
        public Double convert(String s) {
            Double v = seconds(s);
            if (v == null) {
                throw new TypeConversionException("'" + s + "' is not a duration such as 90, 90s, 10m or 1.5h");
            }
            return v;
        }
    }
}
