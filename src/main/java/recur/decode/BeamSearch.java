package recur.decode;

import recur.model.Seq2SeqStepModel;

/**
 * Batched beam search: every source of a batch and every one of its beams advance in the same
 * {@link Seq2SeqStepModel#step} call (rows = sources × beams, regrouped by
 * {@link Seq2SeqStepModel.State#reorder} after each choice), so one step is one set of products
 * for the whole batch.
 *
 * <p>Each step, for each source, the K best extensions of its live hypotheses (K × V
 * candidates, ranked by log-probability; all have the same length, so the length penalty does not
 * change their order) are kept with a K-element heap, never sorting a row. Ties go to the
 * candidate of the better-ranked parent, then to the lower token id, so the result does not depend
 * on the batch; with K = 1 this is exactly greedy decoding. As in OpenNMT-py, a candidate that is
 * EOS finishes a hypothesis and takes its place among the K, and the next step extends the live
 * ones to K again. At the length limit every kept candidate finishes, without EOS. EOS is never
 * a candidate while a hypothesis is shorter than the minimum length.
 *
 * <p>Beside its K rows, a source's beam follows greedy decoding's hypothesis: when greedy's next
 * token (the most probable after greedy's prefix) is not among the K kept, it is kept as one row
 * more, whose other extensions compete with the beam's as any row's do. A plain beam can lose
 * greedy's prefix to K candidates that each look better and then all end worse; following it
 * costs a row only while that is so, and makes the best hypothesis never worse than greedy's
 * under the model without a length penalty (with one, greedy's hypothesis competes by its
 * penalised score as the others do). With K = 1 greedy's token is always the one kept.
 *
 * <p>A source is done when no live hypothesis is left, when K hypotheses have finished (and
 * greedy's, if still running, cannot beat the best of them), or when
 * the n-th best finished one (n = the n-best size) can no longer be beaten: its score is at least
 * the best live hypothesis's score as if it ended at the next step. Without a length penalty this
 * bound is exact (log-probabilities only fall as a hypothesis grows); with avg or wu it is
 * OpenNMT-py's heuristic of comparing at the current length. The finished hypotheses are
 * ranked by score (log-probability over the length penalty), ties by which finished first.
 *
 * <p>Not thread-safe: one instance per decoding thread, over its own step model. The buffers of a
 * batch are made once per {@link #search} call (the log-probabilities' once per instance); a step
 * allocates nothing.
 */
public final class BeamSearch implements TranslationSearch {
    private final Seq2SeqStepModel model;
    private final int k;
    private final int nBest;
    private final LengthPenalty penalty;
    private final int minLength;
    private final boolean align;

    /** The candidate heap of one source: values and flat indices (row within the source × V + token). */
    private final double[] heapVal;
    private final int[] heapIdx;
    /** What a source keeps from a step: the K candidates and greedy's continuation when it is not among them. */
    private final int[] keptRow;
    private final int[] keptToken;
    private final double[] keptScore;
    private final boolean[] keptGreedy;
    /** The step's log-probabilities (rows × V), kept from batch to batch: the largest buffer of a search. */
    private float[] logProbs = new float[0];

    /**
     * @param beam K, the hypotheses kept per source, at least 1
     * @param nBest hypotheses returned per source, 1 to K
     * @param minLength the fewest target tokens before EOS may be chosen (0: any)
     * @param alignment whether to record the attention argmax of every chosen token
     */
    public BeamSearch(Seq2SeqStepModel model, int beam, int nBest, LengthPenalty penalty, int minLength, boolean alignment) {
        check(beam, nBest, minLength);
        this.model = model;
        this.k = beam;
        this.nBest = nBest;
        this.penalty = penalty;
        this.minLength = minLength;
        this.align = alignment;
        heapVal = new double[beam];
        heapIdx = new int[beam];
        keptRow = new int[beam + 1];
        keptToken = new int[beam + 1];
        keptScore = new double[beam + 1];
        keptGreedy = new boolean[beam + 1];
    }

    /** Refuses options no search can run with, naming the option: a command checks before reading its model. */
    public static void check(int beam, int nBest, int minLength) {
        if (beam < 1) {
            throw new IllegalArgumentException("--beam must be at least 1, got " + beam);
        }
        if (nBest < 1 || nBest > beam) {
            throw new IllegalArgumentException("--n-best must be between 1 and --beam (" + beam + "), got " + nBest);
        }
        if (minLength < 0) {
            throw new IllegalArgumentException("--min-length must be ≥ 0, got " + minLength);
        }
    }

    @Override
    public Hypothesis[][] search(int[][] sources, int[] maxLength, long[] keys) {
        int n = sources.length;
        Hypothesis[][] out = new Hypothesis[n][];
        if (n == 0) {
            return out;
        }
        int v = model.targetVocabSize();
        int eos = model.eos();
        // up to K beam rows per source, and one more while greedy's hypothesis is not among them
        int cap = n * (k + 1);
        long nodes = 0;
        for (int s = 0; s < n; s++) {
            if (maxLength[s] < 1) {
                throw new IllegalArgumentException("a maximum length must be at least 1, got " + maxLength[s]);
            }
            nodes += (long) (k + 1) * maxLength[s];
        }
        if (nodes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("a batch of " + n + " sources × beam " + k + " × their maximum lengths is too large");
        }
        // the tree of every hypothesis ever kept: token, parent node (-1: BOS) and attention argmax
        int[] nodeToken = new int[(int) nodes];
        int[] nodeParent = new int[(int) nodes];
        int[] nodeAttn = align ? new int[(int) nodes] : null;
        int used = 0;
        // live rows, grouped by source in source order; and the rows of the next step
        int[] rowSource = new int[cap];
        int[] rowNode = new int[cap];
        double[] rowScore = new double[cap];
        boolean[] rowGreedy = new boolean[cap];
        boolean[] nextGreedy = new boolean[cap];
        int[] input = new int[cap];
        int[] nextSource = new int[cap];
        int[] nextNode = new int[cap];
        double[] nextScore = new double[cap];
        int[] from = new int[cap];
        if (logProbs.length < (long) cap * v) {
            logProbs = new float[Math.multiplyExact(cap, v)];
        }
        float[] logProbs = this.logProbs;
        int[] attention = align ? new int[cap] : null;
        // each source's best finished hypotheses, best first: K − 1 before a step and K + 1 added by it
        // (more only while greedy's hypothesis runs on, when the worst are dropped)
        int slots = 2 * k;
        int[] finCount = new int[n];
        int[] finNode = new int[n * slots];
        int[] finLength = new int[n * slots];
        boolean[] finEos = new boolean[n * slots];
        double[] finLogProb = new double[n * slots];
        double[] finScore = new double[n * slots];

        Seq2SeqStepModel.Memory memory = model.encode(sources);
        Seq2SeqStepModel.State state = model.newState(cap);
        for (int s = 0; s < n; s++) {
            model.start(state, s, memory, s);
            rowSource[s] = s;
            rowNode[s] = -1;
            rowGreedy[s] = true;
            input[s] = model.bos();
        }
        int m = n;
        // step t chooses the t-th token; the live hypotheses going in have t − 1
        for (int t = 1; m > 0; t++) {
            model.step(m, input, state, logProbs, attention);
            int next = 0;
            for (int r0 = 0, r1; r0 < m; r0 = r1) {
                int s = rowSource[r0];
                r1 = r0 + 1;
                while (r1 < m && rowSource[r1] == s) {
                    r1++;
                }
                boolean eosAllowed = t - 1 >= minLength;
                int c = select(logProbs, v, rowScore, r0, r1, eos, eosAllowed);
                int kept = keep(c, logProbs, v, rowScore, rowGreedy, r0, r1, eos, eosAllowed);
                boolean atLimit = t >= maxLength[s];
                int live = 0;
                double bestLive = Double.NEGATIVE_INFINITY;
                double greedyLive = Double.NaN;
                for (int i = 0; i < kept; i++) {
                    int r = keptRow[i];
                    int w = keptToken[i];
                    double score = keptScore[i];
                    if (w == eos) {
                        finish(s, rowNode[r], t, true, score, finCount, finNode, finLength, finEos, finLogProb, finScore);
                        continue;
                    }
                    int node = used++;
                    nodeToken[node] = w;
                    nodeParent[node] = rowNode[r];
                    if (align) {
                        nodeAttn[node] = attention[r];
                    }
                    if (atLimit) {
                        finish(s, node, t, false, score, finCount, finNode, finLength, finEos, finLogProb, finScore);
                    } else {
                        from[next] = r;
                        nextSource[next] = s;
                        nextNode[next] = node;
                        nextScore[next] = score;
                        nextGreedy[next] = keptGreedy[i];
                        input[next] = w;
                        next++;
                        live++;
                        bestLive = Math.max(bestLive, score);
                        if (keptGreedy[i]) {
                            greedyLive = score;
                        }
                    }
                }
                if (c == 0 && finCount[s] == 0) {
                    // every continuation has probability 0: what the live hypotheses are is all there is
                    for (int r = r0; r < r1; r++) {
                        finish(s, rowNode[r], t - 1, false, rowScore[r], finCount, finNode, finLength, finEos, finLogProb, finScore);
                    }
                }
                // K finished end a source only once greedy's hypothesis, if still running, cannot beat the best
                boolean greedyBeaten = Double.isNaN(greedyLive)
                        || finCount[s] > 0 && finScore[s * slots] >= penalty.score(greedyLive, t + 1);
                boolean done = live == 0 || finCount[s] >= k && greedyBeaten
                        || finCount[s] >= nBest && finScore[s * slots + nBest - 1] >= penalty.score(bestLive, t + 1);
                if (done) {
                    next -= live;
                    out[s] = collect(s, slots, finCount, finNode, finLength, finEos, finLogProb, finScore,
                            nodeToken, nodeParent, nodeAttn);
                }
            }
            if (next > 0 && !identity(from, next, m)) {
                state.reorder(next, from);
            }
            m = next;
            System.arraycopy(nextSource, 0, rowSource, 0, m);
            System.arraycopy(nextNode, 0, rowNode, 0, m);
            System.arraycopy(nextScore, 0, rowScore, 0, m);
            System.arraycopy(nextGreedy, 0, rowGreedy, 0, m);
        }
        return out;
    }

    private static boolean identity(int[] from, int next, int m) {
        if (next != m) {
            return false;
        }
        for (int i = 0; i < next; i++) {
            if (from[i] != i) {
                return false;
            }
        }
        return true;
    }

    /**
     * What a source keeps from its c selected candidates: those, in order, and after them greedy's
     * continuation (the most probable next token of the row following greedy's hypothesis, ties to
     * the lower id) when it is not among them and has a probability above 0.
     *
     * @return how many were kept, into keptRow/keptToken/keptScore/keptGreedy
     */
    private int keep(int c, float[] logProbs, int v, double[] rowScore, boolean[] rowGreedy, int r0, int r1, int eos,
                     boolean eosAllowed) {
        int g = -1;
        for (int r = r0; r < r1 && g < 0; r++) {
            if (rowGreedy[r]) {
                g = r;
            }
        }
        int gw = -1;
        if (g >= 0) {
            int off = g * v;
            for (int w = 0; w < v; w++) {
                if ((w != eos || eosAllowed) && (gw < 0 || logProbs[off + w] > logProbs[off + gw])) {
                    gw = w;
                }
            }
        }
        int greedyIdx = g < 0 ? -1 : (g - r0) * v + gw;
        boolean among = false;
        for (int i = 0; i < c; i++) {
            keptRow[i] = r0 + heapIdx[i] / v;
            keptToken[i] = heapIdx[i] % v;
            keptScore[i] = heapVal[i];
            keptGreedy[i] = heapIdx[i] == greedyIdx;
            among |= keptGreedy[i];
        }
        if (g < 0 || among) {
            return c;
        }
        double score = rowScore[g] + logProbs[g * v + gw];
        if (!(score > Double.NEGATIVE_INFINITY)) {
            return c;
        }
        keptRow[c] = g;
        keptToken[c] = gw;
        keptScore[c] = score;
        keptGreedy[c] = true;
        return c + 1;
    }

    /**
     * The best K extensions of rows [r0, r1) into heapVal/heapIdx[0, c), best first: value = the
     * row's score + the token's log-probability; ties to the lower flat index. Candidates of
     * probability 0 (−∞, or NaN) are never kept.
     *
     * @return c, at most K
     */
    int select(float[] logProbs, int v, double[] rowScore, int r0, int r1, int eos, boolean eosAllowed) {
        int size = 0;
        for (int r = r0; r < r1; r++) {
            double base = rowScore[r];
            int off = r * v;
            int local = (r - r0) * v;
            int w = 0;
            // fill the heap with the first K candidates worth keeping
            for (; w < v && size < k; w++) {
                double x = base + logProbs[off + w];
                if (x > Double.NEGATIVE_INFINITY && (w != eos || eosAllowed)) {
                    heapVal[size] = x;
                    heapIdx[size] = local + w;
                    siftUp(size++);
                }
            }
            // then only what beats the worst kept (a later index never wins a tie)
            double worst = size == k ? heapVal[0] : Double.NEGATIVE_INFINITY;
            for (; w < v; w++) {
                double x = base + logProbs[off + w];
                if (x > worst && (w != eos || eosAllowed)) {
                    heapVal[0] = x;
                    heapIdx[0] = local + w;
                    siftDown(size);
                    worst = heapVal[0];
                }
            }
        }
        // best first: K is small
        for (int i = 1; i < size; i++) {
            double x = heapVal[i];
            int j = heapIdx[i];
            int p = i - 1;
            while (p >= 0 && (heapVal[p] < x || heapVal[p] == x && heapIdx[p] > j)) {
                heapVal[p + 1] = heapVal[p];
                heapIdx[p + 1] = heapIdx[p];
                p--;
            }
            heapVal[p + 1] = x;
            heapIdx[p + 1] = j;
        }
        return size;
    }

    /** Whether heap entry a ranks below entry b (lower value, or equal value and later index). */
    private boolean worse(int a, int b) {
        return heapVal[a] < heapVal[b] || heapVal[a] == heapVal[b] && heapIdx[a] > heapIdx[b];
    }

    private void swap(int a, int b) {
        double x = heapVal[a];
        heapVal[a] = heapVal[b];
        heapVal[b] = x;
        int j = heapIdx[a];
        heapIdx[a] = heapIdx[b];
        heapIdx[b] = j;
    }

    /** A min-heap on rank: the worst kept candidate at 0. */
    private void siftUp(int i) {
        while (i > 0) {
            int p = (i - 1) / 2;
            if (!worse(i, p)) {
                return;
            }
            swap(i, p);
            i = p;
        }
    }

    private void siftDown(int size) {
        int i = 0;
        while (true) {
            int l = 2 * i + 1;
            if (l >= size) {
                return;
            }
            int c = l + 1 < size && worse(l + 1, l) ? l + 1 : l;
            if (!worse(c, i)) {
                return;
            }
            swap(c, i);
            i = c;
        }
    }

    /**
     * Adds a finished hypothesis to source s's list, kept best first (after any of equal score).
     *
     * @param length the tokens its log-probability counts (EOS included when it ended with one)
     */
    private void finish(int s, int node, int length, boolean eos, double logProb, int[] finCount, int[] finNode,
                        int[] finLength, boolean[] finEos, double[] finLogProb, double[] finScore) {
        int base = s * 2 * k;
        double score = penalty.score(logProb, length);
        int i;
        if (finCount[s] < 2 * k) {
            i = finCount[s]++;
        } else if (score > finScore[base + 2 * k - 1]) {
            // the list is full: the worst goes
            i = 2 * k - 1;
        } else {
            return;
        }
        while (i > 0 && finScore[base + i - 1] < score) {
            finNode[base + i] = finNode[base + i - 1];
            finLength[base + i] = finLength[base + i - 1];
            finEos[base + i] = finEos[base + i - 1];
            finLogProb[base + i] = finLogProb[base + i - 1];
            finScore[base + i] = finScore[base + i - 1];
            i--;
        }
        finNode[base + i] = node;
        finLength[base + i] = length;
        finEos[base + i] = eos;
        finLogProb[base + i] = logProb;
        finScore[base + i] = score;
    }

    /** Source s's n best finished hypotheses, their ids read back through the tree. */
    private Hypothesis[] collect(int s, int slots, int[] finCount, int[] finNode, int[] finLength, boolean[] finEos,
                                 double[] finLogProb, double[] finScore, int[] nodeToken, int[] nodeParent, int[] nodeAttn) {
        int count = Math.min(nBest, finCount[s]);
        Hypothesis[] h = new Hypothesis[count];
        for (int i = 0; i < count; i++) {
            int f = s * slots + i;
            int tokens = finLength[f] - (finEos[f] ? 1 : 0);
            int[] ids = new int[tokens];
            int[] attn = nodeAttn == null ? null : new int[tokens];
            int node = finNode[f];
            for (int j = tokens - 1; j >= 0; j--) {
                ids[j] = nodeToken[node];
                if (attn != null) {
                    attn[j] = nodeAttn[node];
                }
                node = nodeParent[node];
            }
            h[i] = new Hypothesis(ids, finLogProb[f], finLength[f], finScore[f], attn);
        }
        return h;
    }
}
