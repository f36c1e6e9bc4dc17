package recur.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Byte-level BPE: text is cut into pre-tokens ({@link PreTokenizer}), each pre-token's UTF-8 bytes
 * are the starting symbols, and learned merges are applied lowest rank first. Any string encodes
 * (every byte is in the vocabulary) and decoding concatenates bytes, so round trips are exact.
 *
 * <p>Ids: specials 0..S-1, byte b is S+b, merge r (rank r) is S+256+r. Encoding a pre-token keeps
 * its symbols in a linked list and candidate merges in a heap keyed by (rank, position), so a
 * pre-token of n bytes costs O(n log n) however long it is; short pre-tokens are cached per thread.
 */
public final class BpeTokenizer extends VocabTokenizer {
    /** Pre-tokens longer than this (in chars) are encoded every time rather than cached. */
    private static final int CACHE_MAX_CHARS = 48;

    /** Merge r joins symbols left[r] and right[r] (symbol space: bytes 0..255, merges 256+). */
    private final int[] left;
    private final int[] right;
    private final LongIntMap rank;
    private final byte[][] symbolBytes;
    private final ThreadLocal<Work> work = ThreadLocal.withInitial(Work::new);

    /** {@code merges[r] = {leftSymbol, rightSymbol}} in symbol space (bytes 0..255, merge r is 256+r). */
    public BpeTokenizer(Specials specials, Normalization norm, int[][] merges) {
        super(specials, norm, 256 + merges.length);
        int m = merges.length;
        left = new int[m];
        right = new int[m];
        rank = new LongIntMap(m);
        symbolBytes = new byte[256 + m][];
        for (int b = 0; b < 256; b++) {
            symbolBytes[b] = new byte[] {(byte) b};
        }
        for (int r = 0; r < m; r++) {
            int l = merges[r][0];
            int rr = merges[r][1];
            if (l < 0 || rr < 0 || l >= 256 + r || rr >= 256 + r) {
                throw new IllegalArgumentException("merge " + r + " refers to symbol " + Math.max(l, rr) + " not yet defined");
            }
            long k = LongIntMap.key(l, rr);
            if (rank.get(k) >= 0) {
                throw new IllegalArgumentException("merge " + r + " repeats merge " + rank.get(k));
            }
            left[r] = l;
            right[r] = rr;
            rank.put(k, r);
            byte[] a = symbolBytes[l];
            byte[] b = symbolBytes[rr];
            byte[] c = Arrays.copyOf(a, a.length + b.length);
            System.arraycopy(b, 0, c, a.length, b.length);
            symbolBytes[256 + r] = c;
        }
        int s = specials.size();
        for (int i = 0; i < symbolBytes.length; i++) {
            String t = Utf8.display(symbolBytes[i]);
            // two byte strings can share a display form only through literal "<0xHH>" text; the
            // later token then shows all its bytes escaped, which no other token can
            if (ids.containsKey(t)) {
                t = escapedAll(symbolBytes[i]);
            }
            tokens[s + i] = t;
            ids.put(t, s + i);
        }
        for (int b = 0; b < 256; b++) {
            ids.putIfAbsent(Utf8.byteName(b), s + b);
        }
    }

    private static String escapedAll(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (byte x : b) {
            sb.append(Utf8.byteName(x));
        }
        return sb.toString();
    }

    @Override
    public String type() {
        return "bpe";
    }

    @Override
    public boolean lossless() {
        return true;
    }

    public int merges() {
        return left.length;
    }

    @Override
    public int mergeRank(int id) {
        int r = id - specials.size() - 256;
        return r >= 0 && r < left.length ? r : -1;
    }

    /** The bytes a token stands for (a special's UTF-8 text for specials). */
    public byte[] bytes(int id) {
        int s = specials.size();
        return id < s ? specials.token(id).getBytes(StandardCharsets.UTF_8) : symbolBytes[id - s].clone();
    }

    @Override
    public int[] encode(String text) {
        String t = norm.apply(text);
        Work w = work.get();
        w.out.size = 0;
        specials.split(t, w);
        return w.out.toArray();
    }

    @Override
    public String decode(int[] ids) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(ids.length * 4);
        int s = specials.size();
        for (int id : ids) {
            checkId(id);
            byte[] b = id < s ? specials.token(id).getBytes(StandardCharsets.UTF_8) : symbolBytes[id - s];
            out.write(b, 0, b.length);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /**
     * Applies the merges to the bytes {@code b[0, n)}, leaving the resulting symbols in
     * {@code w.sym} along the list {@code w.next} from 0; returns the number of symbols.
     */
    private int mergeBytes(Work w, byte[] b, int n) {
        w.ensure(n);
        int[] sym = w.sym;
        int[] next = w.next;
        int[] prev = w.prev;
        for (int i = 0; i < n; i++) {
            sym[i] = b[i] & 0xFF;
            next[i] = i + 1;
            prev[i] = i - 1;
        }
        next[n - 1] = -1;
        LongHeap heap = w.heap;
        heap.clear();
        for (int i = 0; i + 1 < n; i++) {
            int r = rank.get(LongIntMap.key(sym[i], sym[i + 1]));
            if (r >= 0) {
                heap.push(((long) r << 32) | i);
            }
        }
        int count = n;
        while (heap.size() > 0) {
            long e = heap.pop();
            int r = (int) (e >>> 32);
            int i = (int) e;
            int j = next[i];
            if (sym[i] < 0 || j < 0 || sym[i] != left[r] || sym[j] != right[r]) {
                continue;
            }
            sym[i] = 256 + r;
            sym[j] = -1;
            int k = next[j];
            next[i] = k;
            if (k >= 0) {
                prev[k] = i;
            }
            count--;
            int p = prev[i];
            if (p >= 0) {
                int rp = rank.get(LongIntMap.key(sym[p], sym[i]));
                if (rp >= 0) {
                    heap.push(((long) rp << 32) | p);
                }
            }
            if (k >= 0) {
                int rk = rank.get(LongIntMap.key(sym[i], sym[k]));
                if (rk >= 0) {
                    heap.push(((long) rk << 32) | i);
                }
            }
        }
        return count;
    }

    private int[] encodePiece(Work w, String s, int from, int to) {
        int len = to - from;
        boolean cached = len <= CACHE_MAX_CHARS;
        int h = 0;
        if (cached) {
            h = PieceCache.hash(s, from, to);
            int[] hit = w.cache.get(s, from, to, h);
            if (hit != null) {
                return hit;
            }
        }
        w.ensureBytes(3 * len);
        int n = Utf8.encode(s, from, to, w.bytes);
        int count = mergeBytes(w, w.bytes, n);
        int[] ids = new int[count];
        int off = specials.size();
        int k = 0;
        for (int i = 0; i >= 0; i = w.next[i]) {
            ids[k++] = off + w.sym[i];
        }
        if (cached) {
            w.cache.put(s, from, to, h, ids);
        }
        return ids;
    }

    /** Per-thread scratch: buffers, heap, cache, and the sink specials and pre-tokens report to. */
    private final class Work implements Specials.Sink, PreTokenizer.Sink {
        final IntList out = new IntList(256);
        final PieceCache cache = new PieceCache();
        final LongHeap heap = new LongHeap();
        int[] sym = new int[64];
        int[] next = new int[64];
        int[] prev = new int[64];
        byte[] bytes = new byte[192];
        String text;

        void ensure(int n) {
            if (sym.length < n) {
                int c = Math.max(n, sym.length * 2);
                sym = new int[c];
                next = new int[c];
                prev = new int[c];
            }
        }

        void ensureBytes(int n) {
            if (bytes.length < n) {
                bytes = new byte[Math.max(n, bytes.length * 2)];
            }
        }

        @Override
        public void text(String s, int from, int to) {
            text = s;
            PreTokenizer.split(s, from, to, this);
        }

        @Override
        public void special(int id) {
            out.add(id);
        }

        @Override
        public void piece(int from, int to) {
            out.addAll(encodePiece(this, text, from, to));
        }
    }

    @Override
    public ObjectNode toJson() {
        ObjectNode o = jsonHead();
        o.put("pretokenizer", "recur-1");
        o.put("vocab_size", vocabSize());
        ArrayNode mg = o.putArray("merges");
        int s = specials.size();
        for (int r = 0; r < left.length; r++) {
            ArrayNode pair = mg.addArray();
            pair.add(s + left[r]);
            pair.add(s + right[r]);
        }
        ArrayNode v = o.putArray("vocab");
        for (String t : tokens) {
            v.add(t);
        }
        return o;
    }

    static BpeTokenizer fromJson(JsonNode node, Specials specials, Normalization norm) {
        String pre = node.path("pretokenizer").asText("recur-1");
        if (!pre.equals("recur-1")) {
            throw new IllegalArgumentException("unknown pretokenizer " + pre);
        }
        JsonNode mg = node.get("merges");
        if (mg == null || !mg.isArray()) {
            throw new IllegalArgumentException("bpe tokenizer without merges");
        }
        int s = specials.size();
        int[][] merges = new int[mg.size()][];
        for (int r = 0; r < merges.length; r++) {
            JsonNode p = mg.get(r);
            if (!p.isArray() || p.size() != 2 || !p.get(0).canConvertToInt() || !p.get(1).canConvertToInt()) {
                throw new IllegalArgumentException("merge " + r + " is not a pair of ids: " + p);
            }
            int l = p.get(0).asInt() - s;
            int rr = p.get(1).asInt() - s;
            if (l < 0 || rr < 0) {
                throw new IllegalArgumentException("merge " + r + " joins a special token");
            }
            merges[r] = new int[] {l, rr};
        }
        BpeTokenizer t = new BpeTokenizer(specials, norm, merges);
        int declared = node.path("vocab_size").asInt(t.vocabSize());
        if (declared != t.vocabSize()) {
            throw new IllegalArgumentException("vocab_size " + declared + " but merges give " + t.vocabSize());
        }
        return t;
    }

    /** The merges as pairs of token ids, in rank order. */
    public List<int[]> mergePairs() {
        int s = specials.size();
        return java.util.stream.IntStream.range(0, left.length).mapToObj(r -> new int[] {s + left[r], s + right[r]}).toList();
    }
}
