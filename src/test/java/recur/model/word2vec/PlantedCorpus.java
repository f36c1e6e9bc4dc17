package recur.model.word2vec;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A synthetic corpus with planted structure: target words {@code w<r><g>} for 4 roles r and 2
 * genders g (m, f). Each sentence holds one target among context words of its role
 * ({@code r<r>c<i>}) and of its gender ({@code g<g>c<i>}), plus a noise word. So the targets of
 * one role are neighbours, and w0m:w0f :: w1m:w1f holds by construction.
 */
public final class PlantedCorpus {
    private PlantedCorpus() {}

    public static List<String> sentences(int n, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<String> out = new ArrayList<>(n);
        String[] genders = {"m", "f"};
        for (int s = 0; s < n; s++) {
            int r = rnd.nextInt(4);
            String g = genders[rnd.nextInt(2)];
            List<String> ctx = new ArrayList<>();
            // more role than gender context, so a role's targets are nearer each other than a gender's
            for (int i = 0; i < 4; i++) {
                ctx.add("r" + r + "c" + rnd.nextInt(5));
            }
            for (int i = 0; i < 2; i++) {
                ctx.add("g" + g + "c" + rnd.nextInt(5));
            }
            ctx.add("n" + rnd.nextInt(10));
            // shuffle the context, then put the target in the middle
            for (int i = ctx.size() - 1; i > 0; i--) {
                int j = rnd.nextInt(i + 1);
                String t = ctx.get(i);
                ctx.set(i, ctx.get(j));
                ctx.set(j, t);
            }
            ctx.add(ctx.size() / 2, "w" + r + g);
            out.add(String.join(" ", ctx));
        }
        return out;
    }
}
