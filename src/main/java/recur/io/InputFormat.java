package recur.io;

/** How input lines are read: JSON objects, plain text lines, or decided per input by its first line. */
public enum InputFormat {
    /** JSONL when the first non-blank line starts with '{', else plain text. */
    AUTO,
    JSONL,
    TEXT
}
