package recur.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.atomic.AtomicIntegerArray;

import org.junit.jupiter.api.Test;

/** The helper-thread runner: every task exactly once, errors reach the caller, nesting and concurrent callers work. */
class ParallelTest {
    @Test
    void everyTaskRunsExactlyOnce() {
        for (int threads = 1; threads <= 3; threads++) {
            for (int round = 0; round < 200; round++) {
                int tasks = 1 + round % 9;
                AtomicIntegerArray ran = new AtomicIntegerArray(tasks);
                Parallel.run(threads, tasks, ran::incrementAndGet);
                for (int t = 0; t < tasks; t++) {
                    assertEquals(1, ran.get(t), "task " + t + " of " + tasks + " on " + threads + " threads");
                }
            }
        }
    }

    @Test
    void anExceptionInATaskReachesTheCaller() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Parallel.run(2, 8, t -> {
            if (t == 5) {
                throw new IllegalStateException("task 5");
            }
        }));
        assertEquals("task 5", e.getMessage());
        // and the runner is usable afterwards
        AtomicIntegerArray ran = new AtomicIntegerArray(4);
        Parallel.run(2, 4, ran::incrementAndGet);
        assertEquals(1, ran.get(3));
    }

    @Test
    void nestedAndConcurrentCallsRunInline() throws InterruptedException {
        AtomicIntegerArray ran = new AtomicIntegerArray(16);
        Parallel.run(2, 4, outer -> Parallel.run(2, 4, inner -> ran.incrementAndGet(outer * 4 + inner)));
        for (int i = 0; i < 16; i++) {
            assertEquals(1, ran.get(i));
        }
        AtomicIntegerArray counts = new AtomicIntegerArray(2 * 1000);
        Thread[] callers = new Thread[2];
        for (int c = 0; c < 2; c++) {
            int base = c * 1000;
            callers[c] = new Thread(() -> {
                for (int r = 0; r < 100; r++) {
                    int at = base + r * 10;
                    Parallel.run(2, 10, t -> counts.incrementAndGet(at + t));
                }
            });
            callers[c].start();
        }
        for (Thread t : callers) {
            t.join();
        }
        for (int i = 0; i < counts.length(); i++) {
            assertEquals(1, counts.get(i), "slot " + i);
        }
    }
}
