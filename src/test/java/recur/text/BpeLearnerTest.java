package recur.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BpeLearnerTest {
    private static int b(char c) {
        return c;
    }

    @Test
    void mergesEqualHandComputedOnes() {
        // counts: hug 10, pug 5, pun 12, bun 4, hugs 5
        // pairs: ug 20, pu 17, un 16, hu 15, gs 5, bu 4 -> u+g
        // then un 16, hug 15, p-un 12 ... -> u+n, h+ug, p+un; then p+ug (5) and hug+s (5) tie:
        // the smaller pair (p=112 < hug=258) goes first.
        BpeLearner l = new BpeLearner(List.of("bun", "hug", "hugs", "pug", "pun"), new long[] {4, 10, 5, 5, 12});
        int[][] m = l.learn(100, null);
        int ug = 256;
        int un = 257;
        int hug = 258;
        int[][] expected = {
            {b('u'), b('g')},
            {b('u'), b('n')},
            {b('h'), ug},
            {b('p'), un},
            {b('p'), ug},
            {hug, b('s')},
            {b('b'), un},
        };
        assertEquals(expected.length, m.length);
        for (int i = 0; i < expected.length; i++) {
            assertArrayEquals(expected[i], m[i], "merge " + i);
        }
        assertArrayEquals(new long[] {20, 16, 15, 12, 5, 5, 4}, l.mergeCounts());
    }

    @Test
    void repeatedSymbolsAreCountedWithoutOverlap() {
        // "aaaa" x1: pair aa occurs 3 times but merges as (aa)(aa); then (aa)(aa) once
        BpeLearner l = new BpeLearner(List.of("aaaa"), new long[] {1});
        int[][] m = l.learn(10, null);
        assertEquals(2, m.length);
        assertArrayEquals(new int[] {'a', 'a'}, m[0]);
        assertArrayEquals(new int[] {256, 256}, m[1]);
        assertArrayEquals(new long[] {3, 1}, l.mergeCounts());
    }

    @Test
    void stopsWhenNothingIsLeftToMerge() {
        BpeLearner l = new BpeLearner(List.of("ab", "c"), new long[] {3, 7});
        assertEquals(1, l.learn(50, null).length);
    }

    @Test
    void learnedTokenizerEncodesTrainingWordsAsTheLearnerMergedThem() {
        List<String> words = new ArrayList<>();
        long[] counts = new long[40];
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(3);
        for (int i = 0; i < counts.length; i++) {
            StringBuilder sb = new StringBuilder(" ");
            int len = 2 + rnd.nextInt(8);
            for (int k = 0; k < len; k++) {
                sb.append((char) ('a' + rnd.nextInt(4)));
            }
            words.add(sb.toString());
            counts[i] = 1 + rnd.nextInt(20);
        }
        List<String> sorted = words.stream().distinct().sorted().toList();
        long[] c = new long[sorted.size()];
        for (int i = 0; i < words.size(); i++) {
            c[sorted.indexOf(words.get(i))] += counts[i];
        }
        int[][] merges = new BpeLearner(sorted, c).learn(60, null);
        BpeTokenizer tok = new BpeTokenizer(Specials.of(List.of()), Normalization.NONE, merges);
        for (String w : sorted) {
            assertArrayEquals(Reference.encode(merges, w, 4), tok.encode(w), w);
        }
    }
}
