package recur.model;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** How a language model reads lines of text as ids and writes ids back as text. */
public interface LineCodec {
    /** The ids of a line of training or evaluation text, ending with the line-end id. */
    int[] encodeLine(String line);

    /** The ids of a prompt, which generation continues (no line end appended). */
    int[] encodePrompt(String text);

    /** The text of a run of generated ids. */
    String decode(int[] ids);

    int size();

    /** The vocabulary's spelling of one id (a word, a character, a tokenizer piece, {@code <eos>}). */
    String token(int id);

    /** The id that ends a line (&lt;eos&gt;, or the newline character). */
    int endId();

    /** Whether loss per token is loss per character (reported as bits per char). */
    boolean charLevel();

    /** What recur.json stores under "vocabulary", enough to rebuild this codec. */
    ObjectNode toJson();
}
