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
        return (int) longIn(s, min, max);
    }

    static long longIn(String s, long min, long max) {
        long v = parseLong(s);
        if (v < min || v > max) {
            throw new TypeConversionException(v + " is not in " + range(min, max));
        }
        return v;
    }

    private static String range(long min, long max) {
        return max == Integer.MAX_VALUE || max == Long.MAX_VALUE ? "[" + min + ", ...)" : "[" + min + ", " + max + "]";
    }

    static double doubleIn(String s, double min, boolean minOpen, double max, boolean maxOpen) {
        double v;
        try {
            v = Double.parseDouble(s.strip());
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + s + "' is not a number");
        }
        // NaN fails every comparison, so it is refused here too, with the range in the message
        if (!(v >= min && v <= max) || (minOpen && v == min) || (maxOpen && v == max) || Double.isInfinite(v)) {
            String hi = max == Double.MAX_VALUE ? "...)" : fmt(max) + (maxOpen ? ")" : "]");
            throw new TypeConversionException(s.strip() + " is not in " + (minOpen ? "(" : "[") + fmt(min) + ", " + hi);
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

    /** A whole number at least 2 (a convolution's kernel width). */
    public static final class AtLeastTwo implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String s) {
            return intIn(s, 2, Integer.MAX_VALUE);
        }
    }

    /** A count of steps or tokens, at least 1, that may exceed an int. */
    public static final class PositiveLong implements ITypeConverter<Long> {
        @Override
        public Long convert(String s) {
            return longIn(s, 1, Long.MAX_VALUE);
        }
    }

    /** A count of steps or tokens, at least 0, that may exceed an int. */
    public static final class NonNegativeLong implements ITypeConverter<Long> {
        @Override
        public Long convert(String s) {
            return longIn(s, 0, Long.MAX_VALUE);
        }
    }

    /** 0 for no limit, or a whole number from {@code min} on. */
    static int limit(String s, long min) {
        long v = parseLong(s);
        if (v != 0 && (v < min || v > Integer.MAX_VALUE)) {
            throw new TypeConversionException(v + " is not 0 (no limit) or in [" + min + ", ...)");
        }
        return (int) v;
    }

    /** A vocabulary cap: 0 (no cap) or at least 3 (room for the unknown and end symbols and one more). */
    public static final class VocabLimit implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String s) {
            return limit(s, 3);
        }
    }

    /** A translation side's vocabulary cap: 0 (no cap) or at least 5 (the four specials and one word). */
    public static final class SideVocabLimit implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String s) {
            return limit(s, 5);
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

    /** A fraction above 0 and at most 1, as a coverage or nucleus mass. */
    public static final class PositiveProbability implements ITypeConverter<Double> {
        @Override
        public Double convert(String s) {
            return doubleIn(s, 0, true, 1, false);
        }
    }

    /** A factor strictly between 0 and 1, as a decay that shrinks. */
    public static final class Shrink implements ITypeConverter<Double> {
        @Override
        public Double convert(String s) {
            return doubleIn(s, 0, true, 1, true);
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
