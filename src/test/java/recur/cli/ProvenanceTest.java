package recur.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The command line stored in provenance can be pasted back into a shell. */
class ProvenanceTest {
    @Test
    void argumentsAreQuotedOnlyWhereAShellNeedsIt() {
        assertEquals("--lr", Provenance.quote("--lr"));
        assertEquals("train.txt", Provenance.quote("train.txt"));
        assertEquals("'two words'", Provenance.quote("two words"));
        assertEquals("''", Provenance.quote(""));
        assertEquals("'it'\\''s'", Provenance.quote("it's"));
        assertEquals("'$HOME'", Provenance.quote("$HOME"));
    }
}
