package recur.cli;

import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The ranges numeric options take, as picocli converters, so a value out of range is refused while
 * the command line is parsed, before any work: {@code recur X: Invalid value for option '--threads':
 * 0 is not in [1, 256]} and exit code 2. Use one with {@code @Option(converter = Ranges.Positive.class)}.
 */
public final class Ranges {
    private Ranges() {}

    static long parseLong(String s) {
        try {
            return Long.parseLong(s.strip());
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + s + "' is not a whole number");
        }
    }

    static double parseDouble(String s) {
        double v;
        try {
            v = Double.parseDouble(s.strip());
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + s + "' is not a number");
        }
        if (!Double.isFinite(v)) {
            throw new TypeConversionException(s + " is not a finite number");
        }
        return v;
    }

    static int intIn(String s, long min, long max) {
        long v = parseLong(s);
        if (v < min || v > max) {
            throw new TypeConversionException(v + " is not in " + range(min, max));
        }
        return (int) v;
    }

    private static String range(long min, long max) {
        return max == Integer.MAX_VALUE ? "[" + min + ", ...)" : "[" + min + ", " + max + "]";
    }

    static double doubleIn(String s, double min, boolean minOpen, double max, boolean maxOpen) {
        double v = parseDouble(s);
        if (v < min || v > max || (minOpen && v == min) || (maxOpen && v == max)) {
            String hi = max == Double.MAX_VALUE ? "...)" : fmt(max) + (maxOpen ? ")" : "]");
            throw new TypeConversionException(s + " is not in " + (minOpen ? "(" : "[") + fmt(min) + ", " + hi);
        }
        return v;
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.format(Locale.ROOT, "%s", d);
    }

    /** A whole number at least 1. */
    public static final class Positive implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String s) {
            return intIn(s, 1, Integer.MAX_VALUE);
        }
    }

    /** A whole number at least 0. */
    public static final class NonNegative implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String s) {
            return intIn(s, 0, Integer.MAX_VALUE);
        }
    }

    /** A thread count: 1 to 256. */
    public static final class ThreadCount implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String s) {
            return intIn(s, 1, 256);
        }
    }

    /** A finite number above 0. */
    public static final class PositiveReal implements ITypeConverter<Double> {
        @Override
        public Double convert(String s) {
            return doubleIn(s, 0, true, Double.MAX_VALUE, false);
        }
    }

    /** A finite number at least 0. */
    public static final class NonNegativeReal implements ITypeConverter<Double> {
        @Override
        public Double convert(String s) {
            return doubleIn(s, 0, false, Double.MAX_VALUE, false);
        }
    }

    /** A finite number (NaN and Infinity refused). */
    public static final class Real implements ITypeConverter<Double> {
        @Override
        public Double convert(String s) {
            return parseDouble(s);
        }
    }

    /** A probability: 0 to 1, both included. */
    public static final class Probability implements ITypeConverter<Double> {
        @Override
        public Double convert(String s) {
            return doubleIn(s, 0, false, 1, false);
        }
    }

    /** A fraction in [0, 1), as dropout takes. */
    public static final class Fraction implements ITypeConverter<Double> {
        @Override
        public Double convert(String s) {
            return doubleIn(s, 0, false, 1, true);
        }
    }
}
