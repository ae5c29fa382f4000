package io.twisted.amp;

import java.math.BigDecimal;
import java.util.regex.Pattern;

/**
 * Floats spelled as Python's {@code repr(float)} writes them ({@code 0.25}, {@code 1e+16},
 * {@code 1e-05}, {@code nan}, {@code inf}, {@code -inf}) and read as Python's {@code float()} reads them.
 * Used by AMP's {@code Float}.
 */
public final class PythonFloats {

    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    private PythonFloats() {
    }

    /** {@code repr(x)} in Python 3. */
    public static String repr(double x) {
        if (Double.isNaN(x)) {
            return "nan";
        }
        if (Double.isInfinite(x)) {
            return x > 0 ? "inf" : "-inf";
        }
        if (x == 0) {
            return (1 / x < 0) ? "-0.0" : "0.0";
        }
        BigDecimal d = shortest(Math.abs(x));
        String digits = d.unscaledValue().toString();
        int decpt = digits.length() - d.scale(); // position of the decimal point relative to digits
        StringBuilder sb = new StringBuilder();
        if (x < 0) {
            sb.append('-');
        }
        if (decpt > 16 || decpt < -3) {
            sb.append(digits.charAt(0));
            if (digits.length() > 1) {
                sb.append('.').append(digits, 1, digits.length());
            }
            int exp = decpt - 1;
            sb.append('e').append(exp < 0 ? '-' : '+');
            int a = Math.abs(exp);
            if (a < 10) {
                sb.append('0');
            }
            sb.append(a);
        } else if (decpt <= 0) {
            sb.append("0.");
            sb.append("0".repeat(-decpt)).append(digits);
        } else if (decpt >= digits.length()) {
            sb.append(digits).append("0".repeat(decpt - digits.length())).append(".0");
        } else {
            sb.append(digits, 0, decpt).append('.').append(digits, decpt, digits.length());
        }
        return sb.toString();
    }

    /**
     * The shortest decimal that reads back as {@code x}, the closest one when several are as short
     * (what Python's repr gives; Java 17's Double.toString is not always shortest, e.g. 4.9E-324).
     */
    private static BigDecimal shortest(double x) {
        BigDecimal exact = new BigDecimal(x);
        for (int n = 1; n < 17; n++) {
            BigDecimal candidate = exact.round(new java.math.MathContext(n, java.math.RoundingMode.HALF_EVEN));
            if (candidate.doubleValue() == x) {
                return candidate.stripTrailingZeros();
            }
        }
        return exact.round(new java.math.MathContext(17, java.math.RoundingMode.HALF_EVEN)).stripTrailingZeros();
    }

    /**
     * Python's {@code float(text)}: decimal notation, or {@code nan}/{@code inf}/{@code infinity}
     * with an optional sign, in any case, surrounded by optional whitespace.
     *
     * @throws IllegalArgumentException for anything else (Java-only spellings such as {@code 1d} or
     *     {@code 0x1p3} included)
     */
    public static double parse(String text) {
        String t = text.strip();
        String lower = t.toLowerCase(java.util.Locale.ROOT);
        String unsigned = lower.startsWith("+") || lower.startsWith("-") ? lower.substring(1) : lower;
        boolean negative = lower.startsWith("-");
        switch (unsigned) {
            case "nan":
                return Double.NaN;
            case "inf":
            case "infinity":
                return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            default:
                break;
        }
        if (!DECIMAL.matcher(t).matches()) {
            throw new IllegalArgumentException("not a float: '" + text + "'");
        }
        return Double.parseDouble(t);
    }
}
