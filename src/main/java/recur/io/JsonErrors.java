package recur.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Says what a JSON parser expected, in a user's terms rather than the parser's internals. */
final class JsonErrors {
    private static final Pattern CHAR = Pattern.compile("Unexpected character \\('(.+?)' \\(code (\\d+)\\)\\)");
    private static final Pattern TOKEN = Pattern.compile("Unrecognized token '(.*?)'");
    private static final Pattern CTRL = Pattern.compile("Illegal unquoted character \\(\\(CTRL-CHAR, code (\\d+)\\)\\)");
    private static final Pattern ESCAPE = Pattern.compile("Unrecognized character escape '(.+?)'");

    private JsonErrors() {}

    /** How far the parser read past the start of a word it did not recognise (it reports the word's end). */
    static int tokenLength(JsonProcessingException e) {
        Matcher t = TOKEN.matcher(String.valueOf(e.getOriginalMessage()));
        return t.find() ? t.group(1).length() : 0;
    }

    static String explain(JsonProcessingException e) {
        String m = String.valueOf(e.getOriginalMessage());
        Matcher c = CHAR.matcher(m);
        String got = c.find() ? "'" + c.group(1) + "'" : null;
        if (m.contains("Unexpected end-of-input")) {
            if (m.contains("String")) {
                return "the line ends inside a string (a closing \" is missing)";
            }
            return "the line ends before the JSON value does (a closing } or ] is missing)";
        }
        if (m.contains("double-quote to start field name")) {
            return "expected a field name in double quotes, got " + (got != null ? got : "something else");
        }
        if (m.contains("comma to separate Object entries")) {
            return "expected ',' or '}' after a field's value, got " + (got != null ? got : "something else");
        }
        if (m.contains("comma to separate Array entries")) {
            return "expected ',' or ']' after an array element, got " + (got != null ? got : "something else");
        }
        if (m.contains("was expecting a colon")) {
            return "expected ':' after a field name, got " + (got != null ? got : "something else");
        }
        Matcher t = TOKEN.matcher(m);
        if (t.find()) {
            return "expected a value (a string in double quotes, a number, an object, an array, true, false or null), got '"
                    + t.group(1) + "'";
        }
        Matcher ctrl = CTRL.matcher(m);
        if (ctrl.find()) {
            return "a control character (code " + ctrl.group(1) + ") inside a string must be written as an escape (\\n, \\t, \\u00XX)";
        }
        Matcher esc = ESCAPE.matcher(m);
        if (esc.find()) {
            return "\\" + esc.group(1) + " is not a JSON escape (use \\\\, \\\", \\n, \\t or \\u and four hex digits)";
        }
        if (m.contains("expected a value") || m.contains("expected a valid value")) {
            return "expected a value, got " + (got != null ? got : "something else");
        }
        if (m.contains("Leading zeroes")) {
            return "a number may not start with 0 (write 7, not 07)";
        }
        if (m.contains("Non-standard token 'NaN'") || m.contains("'Infinity'") || m.contains("'NaN'")) {
            return "NaN and Infinity are not JSON numbers";
        }
        if (m.contains("maximum nesting depth") || m.contains("Document nesting depth")) {
            return "values nested too deeply";
        }
        if (got != null) {
            return "unexpected character " + got;
        }
        // a wording we have not mapped: Jackson's first sentence, without its internals
        int cut = m.indexOf('\n');
        return cut > 0 ? m.substring(0, cut) : m;
    }
}
