package recur.text;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The textbook BPE encoder: every merge in rank order, all occurrences left to right. Slow and obvious. */
final class Reference {
    private Reference() {}

    /** Ids of one pre-token's bytes after all merges, offset by {@code specials}. */
    static int[] encodePiece(int[][] merges, String piece, int specials) {
        List<Integer> s = new ArrayList<>();
        for (byte x : piece.getBytes(StandardCharsets.UTF_8)) {
            s.add(x & 0xFF);
        }
        for (int r = 0; r < merges.length; r++) {
            List<Integer> out = new ArrayList<>();
            for (int i = 0; i < s.size(); i++) {
                if (i + 1 < s.size() && s.get(i) == merges[r][0] && s.get(i + 1) == merges[r][1]) {
                    out.add(256 + r);
                    i++;
                } else {
                    out.add(s.get(i));
                }
            }
            s = out;
        }
        return s.stream().mapToInt(x -> x + specials).toArray();
    }

    /** Ids of a text without specials: pre-tokens encoded one by one. */
    static int[] encode(int[][] merges, String text, int specials) {
        IntList out = new IntList(16);
        PreTokenizer.split(text, 0, text.length(), (a, b) -> out.addAll(encodePiece(merges, text.substring(a, b), specials)));
        return out.toArray();
    }
}
