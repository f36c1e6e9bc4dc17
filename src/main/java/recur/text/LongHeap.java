package recur.text;

import java.util.Arrays;

/** A binary min-heap of longs: (rank, position) keys packed high/low, without boxing. */
final class LongHeap {
    private long[] a = new long[64];
    private int size;

    int size() {
        return size;
    }

    void clear() {
        size = 0;
    }

    void push(long v) {
        if (size == a.length) {
            a = Arrays.copyOf(a, a.length * 2);
        }
        int i = size++;
        while (i > 0) {
            int p = (i - 1) >>> 1;
            if (a[p] <= v) {
                break;
            }
            a[i] = a[p];
            i = p;
        }
        a[i] = v;
    }

    long pop() {
        long top = a[0];
        long v = a[--size];
        int i = 0;
        int half = size >>> 1;
        while (i < half) {
            int c = 2 * i + 1;
            if (c + 1 < size && a[c + 1] < a[c]) {
                c++;
            }
            if (v <= a[c]) {
                break;
            }
            a[i] = a[c];
            i = c;
        }
        a[i] = v;
        return top;
    }
}
