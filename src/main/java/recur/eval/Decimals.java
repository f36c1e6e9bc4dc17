package recur.eval;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Numbers printed as Python's {@code f"{x:.Nf}"} prints them: the exact binary value rounded half to even. */
public final class Decimals {
    private Decimals() {}

    /** {@code x} with {@code digits} decimals. */
    public static String fixed(double x, int digits) {
        if (Double.isNaN(x) || Double.isInfinite(x)) {
            return Double.isNaN(x) ? "nan" : x > 0 ? "inf" : "-inf";
        }
        String s = new BigDecimal(x).setScale(digits, RoundingMode.HALF_EVEN).toPlainString();
        // Python keeps the sign of a negative number that rounds to zero
        return x < 0 && !s.startsWith("-") ? "-" + s : s;
    }
}
