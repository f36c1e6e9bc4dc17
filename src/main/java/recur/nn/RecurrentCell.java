package recur.nn;

import java.util.Locale;

/**
 * The kinds of recurrent cell {@link Recurrent} runs, with the number of H-wide gate blocks in
 * their fused weight matrices (in PyTorch's block order) and whether they carry a cell state c.
 */
public enum RecurrentCell {
    /** h = tanh(W_ih x + b_ih + W_hh h + b_hh), as torch.nn.RNN(nonlinearity='tanh'). */
    RNN_TANH("rnn", 1, false),
    /** h = relu(W_ih x + b_ih + W_hh h + b_hh), as torch.nn.RNN(nonlinearity='relu'). */
    RNN_RELU("rnn_relu", 1, false),
    /** Gates i,f,g,o; c = f∘c + i∘g; h = o∘tanh(c), as torch.nn.LSTM. */
    LSTM("lstm", 4, true),
    /** Coupled input-forget LSTM, gates f,g,o; c = f∘c + (1−f)∘g; h = o∘tanh(c). */
    CIFG("cifg", 3, true),
    /** Gates r,z,n; n = tanh(W_in x + b_in + r∘(W_hn h + b_hn)); h = (1−z)∘n + z∘h, as torch.nn.GRU. */
    GRU("gru", 3, false);

    /**
     * Whether the cells' per-row loops run their Vector API versions ({@link CellSimd}, bit-identical to the
     * scalar loops) or the scalar ones alone: the JVM's choice ({@link recur.tensor.Simd#AVAILABLE}), which a
     * test switches off to hold the two paths equal.
     */
    static boolean vectorRows = recur.tensor.Simd.AVAILABLE;

    private final String id;
    private final int gates;
    private final boolean cellState;

    RecurrentCell(String id, int gates, boolean cellState) {
        this.id = id;
        this.gates = gates;
        this.cellState = cellState;
    }

    /** Number of H-wide blocks in weight_ih / weight_hh / the biases. */
    public int gates() {
        return gates;
    }

    /** Whether the cell carries a second state c besides h (LSTM, CIFG). */
    public boolean hasCellState() {
        return cellState;
    }

    /** Index of the forget-gate block, or −1 for cells without one. */
    public int forgetBlock() {
        return this == LSTM ? 1 : this == CIFG ? 0 : -1;
    }

    /** The lower-case name used on command lines and in model files: rnn, rnn_relu, lstm, cifg, gru. */
    public String id() {
        return id;
    }

    /** Parses {@link #id()} (case-insensitive; "rnn_tanh" is accepted for rnn). */
    public static RecurrentCell parse(String s) {
        String k = s.toLowerCase(Locale.ROOT);
        if (k.equals("rnn_tanh")) {
            return RNN_TANH;
        }
        for (RecurrentCell c : values()) {
            if (c.id.equals(k)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown recurrent cell '" + s + "' (expected rnn, rnn_relu, lstm, cifg or gru)");
    }
}
