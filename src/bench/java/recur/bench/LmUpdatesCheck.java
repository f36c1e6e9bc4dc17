package recur.bench;

import java.io.DataOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import recur.io.RecordReader;
import recur.model.LmArchitecture;
import recur.model.LmFile;
import recur.model.LmState;
import recur.model.LmVocabulary;
import recur.model.RecurrentLm;
import recur.nn.SoftmaxCrossEntropy;
import recur.optim.Adam;
import recur.optim.GradClip;
import recur.optim.Optimizer;
import recur.optim.Sgd;
import recur.tensor.ParamStore;
import recur.tensor.Tape;
import recur.train.BpttBatches;
import recur.train.LmData;

/**
 * Does recur's language-model step compute what PyTorch's does? A word- or character-level LSTM
 * is built and initialised as train-lm does it, saved as a model file, and trained for a number
 * of windows with plain SGD or Adam and global-norm clipping (the Zaremba "small" setting by
 * default), printing each
 * step's loss and gradient norm; at the listed steps all weights are dumped. The peer,
 * src/bench/python/lm_updates_peer.py, loads the same file into torch.nn.LSTM in float32 and in
 * float64 and runs the same windows, so the losses can be compared step by step and each side's
 * weights measured against the float64 run. Run through bin/check-lm-updates.
 *
 * <pre>
 * LmUpdatesCheck --train FILE --out DIR [--steps 100] [--seed 1] [--dump 1,5,20,100] [--level word|char]
 *                [--optimizer sgd|adam] [--hidden 200] [--layers 2] [--bptt 20] [--batch 20] [--lr 20]
 *                [--clip 0.25]
 * </pre>
 * Writes DIR/init.lm, DIR/recur.jsonl (one line a step), DIR/params.txt (name and size of each
 * tensor, in the order of the dumps) and DIR/recur_STEP.f32 (all weights, little-endian floats).
 */
public final class LmUpdatesCheck {
    private LmUpdatesCheck() {}

    public static void main(String[] args) throws IOException {
        Map<String, String> o = new java.util.HashMap<>(Map.of("--steps", "100", "--seed", "1", "--dump", "1,5,20,100",
                "--hidden", "200", "--layers", "2", "--bptt", "20", "--batch", "20", "--lr", "20", "--clip", "0.25"));
        o.put("--level", "word");
        o.put("--optimizer", "sgd");
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!o.containsKey(args[i]) && !args[i].equals("--train") && !args[i].equals("--out")) {
                throw new IllegalArgumentException("unknown option " + args[i]);
            }
            o.put(args[i], args[i + 1]);
        }
        String train = o.get("--train");
        Path out = Path.of(o.get("--out"));
        if (train == null || o.get("--out") == null) {
            throw new IllegalArgumentException("usage: LmUpdatesCheck --train FILE --out DIR [--steps N] [--seed S] ...");
        }
        int steps = Integer.parseInt(o.get("--steps"));
        int hidden = Integer.parseInt(o.get("--hidden"));
        int bptt = Integer.parseInt(o.get("--bptt"));
        int batch = Integer.parseInt(o.get("--batch"));
        double lr = Double.parseDouble(o.get("--lr"));
        double clip = Double.parseDouble(o.get("--clip"));
        Set<Integer> dumps = new HashSet<>();
        for (String s : o.get("--dump").split(",")) {
            dumps.add(Integer.parseInt(s.trim()));
        }
        Files.createDirectories(out);

        LmVocabulary.Level level = o.get("--level").equals("char") ? LmVocabulary.Level.CHAR : LmVocabulary.Level.WORD;
        Map<String, Long> counts = LmData.count(RecordReader.of(List.of(train)), level, "text");
        LmVocabulary vocab = LmVocabulary.build(level, counts, 1, 0);
        int[] stream = LmData.encode(RecordReader.of(List.of(train)), vocab, "text");
        RecurrentLm model = new RecurrentLm(new LmArchitecture("lstm", vocab.size(), hidden, hidden,
                Integer.parseInt(o.get("--layers")), 0f, false, 0, 0));
        model.init(new SplittableRandom(Long.parseLong(o.get("--seed"))), false, 0f);
        LmFile.save(out.resolve("init.lm"), model, vocab, null, List.of());
        ParamStore params = model.params();
        StringBuilder order = new StringBuilder();
        for (ParamStore.Param p : params.params()) {
            order.append(p.name()).append(' ').append(p.size()).append('\n');
        }
        Files.writeString(out.resolve("params.txt"), order.toString(), StandardCharsets.UTF_8);

        BpttBatches windows = new BpttBatches(stream, batch, bptt);
        LmState state = model.newState(batch);
        int[] x = new int[batch * bptt];
        int[] y = new int[batch * bptt];
        Optimizer optimizer = o.get("--optimizer").equals("adam") ? Adam.adam(0.9, 0.999, 1e-8, 0) : Sgd.plain();
        try (PrintStream log = new PrintStream(Files.newOutputStream(out.resolve("recur.jsonl")), true, StandardCharsets.UTF_8)) {
            for (int s = 0; s < steps && s < windows.windows(); s++) {
                int t = windows.fill(s, x, y);
                int n = t * batch;
                Tape tape = Tape.training();
                params.zeroGrad();
                SoftmaxCrossEntropy.Loss loss = model.loss(tape, java.util.Arrays.copyOf(x, n), java.util.Arrays.copyOf(y, n),
                        t, batch, state, null);
                loss.loss().g()[loss.loss().go()] = 1f;
                tape.backward();
                double norm = GradClip.clipGradNorm(params, clip);
                optimizer.step(params, lr);
                log.println(String.format(Locale.ROOT, "{\"step\": %d, \"loss\": %.8f, \"norm\": %.8f}", s + 1,
                        loss.nllSum() / loss.count(), norm));
                if (dumps.contains(s + 1)) {
                    dump(params.values(), out.resolve("recur_" + (s + 1) + ".f32"));
                }
            }
        }
    }

    private static void dump(float[] w, Path path) throws IOException {
        ByteBuffer bytes = ByteBuffer.allocate(w.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(w);
        try (DataOutputStream d = new DataOutputStream(new FileOutputStream(path.toFile()))) {
            d.write(bytes.array());
        }
    }
}
