package recur.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import recur.io.Json;
import recur.io.ModelArchive;
import recur.io.OutputClosedException;
import recur.io.Safetensors;
import recur.text.Tokenizer;

/**
 * {@code recur info MODEL}: what a model file holds, read from its recur.json generically, so a
 * new kind of model shows without a change here: its architecture section as it is, and the provenance
 * every kind writes (cli/Provenance) under "training", with long lists cut to their length.
 */
@Command(name = "info",
        header = "Describe model files: kind, architecture, parameters, vocabulary, provenance.",
        description = {
            "Reads each model file named (any kind: tokenizer, embeddings, lm, and kinds to come) and writes one JSON"
                    + " record per file: file, kind, format and recur versions, architecture, parameter count, vocabulary"
                    + " size, the training command and data digest (provenance), and best validation figures where the"
                    + " file holds them. Lists whose JSON is longer than 1000 characters are shown as their length.",
            "--vocab lists the vocabulary instead: one record per token with its id (--format text: token and id"
                    + " separated by a tab)."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  recur info lm.model",
            "  recur info --format text tok.model",
            "  recur info --vocab lm.model | head"},
        mixinStandardHelpOptions = true)
public final class InfoCommand implements Callable<Integer> {
    private static final int LONGEST_LIST = 1000;
    private static final Set<String> HEADER = Set.of("format", "format_version", "kind", "recur_version");

    @Mixin
    CommonOptions common;

    @Parameters(paramLabel = "MODEL", arity = "1..*", description = "Model files.")
    List<Path> models;

    @Option(names = "--format", paramLabel = "json|text", defaultValue = "json",
            description = "json: one record per file (default); text: one 'field: value' line each.")
    String format;

    @Option(names = "--vocab", description = "List the vocabulary (token and id) instead of describing the model.")
    boolean vocab;

    @Override
    public Integer call() throws Exception {
        boolean text = switch (format) {
            case "json" -> false;
            case "text" -> true;
            default -> throw new IllegalArgumentException("--format must be json or text, got " + format);
        };
        PrintStream out = System.out;
        StringBuilder s = new StringBuilder();
        for (Path model : models) {
            ModelArchive a = ModelArchive.read(model, null);
            if (vocab) {
                List<String> tokens = vocabulary(a.meta(), model);
                if (tokens == null) {
                    throw new recur.io.ModelFileException(model + ": a " + a.meta().path("kind").asText() + " model has no vocabulary");
                }
                for (int id = 0; id < tokens.size(); id++) {
                    if (text) {
                        s.append(TokenizeVocabCommand.escape(tokens.get(id))).append('\t').append(id).append('\n');
                    } else {
                        ObjectNode r = Json.MAPPER.createObjectNode().put("token", tokens.get(id)).put("id", id);
                        s.append(Json.MAPPER.writeValueAsString(r)).append('\n');
                    }
                }
            } else {
                ObjectNode info = describe(model, a);
                if (text) {
                    if (s.length() > 0) {
                        s.append('\n');
                    }
                    flatten("", info, s);
                } else {
                    s.append(Json.MAPPER.writeValueAsString(info)).append('\n');
                }
            }
            out.write(s.toString().getBytes(StandardCharsets.UTF_8));
            s.setLength(0);
        }
        out.flush();
        if (out.checkError()) {
            throw new OutputClosedException(null);
        }
        return ExitCodes.OK;
    }

    /** The record for one model file. */
    static ObjectNode describe(Path file, ModelArchive a) throws java.io.IOException {
        ObjectNode meta = a.meta();
        ObjectNode info = Json.MAPPER.createObjectNode();
        info.put("file", file.toString());
        info.put("bytes", Files.size(file));
        for (String h : List.of("kind", "format_version", "recur_version")) {
            if (meta.has(h)) {
                info.set(h, meta.get(h));
            }
        }
        // classifiers call their architecture section "arch"
        JsonNode a0 = meta.has("architecture") ? meta.get("architecture") : meta.get("arch");
        ObjectNode arch = a0 instanceof ObjectNode o ? shorten(o) : Json.MAPPER.createObjectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = meta.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().isValueNode() && !HEADER.contains(e.getKey())) {
                arch.set(e.getKey(), e.getValue()); // kinds without an architecture section keep it at the top
            }
        }
        JsonNode tok = find(meta, "tokenizer");
        if (tok instanceof ObjectNode t && t.has("type")) {
            ObjectNode tk = Json.MAPPER.createObjectNode();
            t.fields().forEachRemaining(e -> {
                if (e.getValue().isValueNode()) {
                    tk.set(e.getKey(), e.getValue());
                }
            });
            arch.set("tokenizer", tk);
        }
        info.set("architecture", arch);
        long params = 0;
        for (Safetensors.Tensor t : a.tensors().values()) {
            long n = 1;
            for (int d : t.shape()) {
                n *= d;
            }
            params += n;
        }
        info.put("parameters", params);
        info.put("tensors", a.tensors().size());
        List<String> tokens = vocabulary(meta, file);
        if (tokens != null) {
            info.put("vocab_size", tokens.size());
        }
        // every kind keeps its provenance under "training"; tokenizers written before 0.1 called it "provenance"
        for (String section : List.of("training", "provenance")) {
            if (meta.get(section) instanceof ObjectNode o) {
                info.set("training", shorten(o));
                break;
            }
        }
        ObjectNode valid = Json.MAPPER.createObjectNode();
        validation(meta, valid);
        if (!valid.isEmpty()) {
            info.set("validation", valid);
        }
        return info;
    }

    /**
     * The model's tokens by id, wherever its recur.json keeps them: a tokenizer section (its own
     * kind, or embedded in another model), else a list of strings named tokens, vocab or words.
     * Null when it has none.
     */
    static List<String> vocabulary(ObjectNode meta, Path file) {
        if (find(meta, "tokenizer") instanceof ObjectNode t && t.has("type")) {
            Tokenizer tok = Tokenizer.fromJson(t, file.toString());
            List<String> tokens = new ArrayList<>(tok.vocabSize());
            for (int id = 0; id < tok.vocabSize(); id++) {
                tokens.add(tok.token(id));
            }
            return tokens;
        }
        for (String name : List.of("tokens", "vocab", "words")) {
            if (find(meta, name) instanceof ArrayNode arr && arr.size() > 0 && arr.get(0).isTextual()) {
                List<String> tokens = new ArrayList<>(arr.size());
                arr.forEach(n -> tokens.add(n.asText()));
                return tokens;
            }
        }
        return null;
    }

    /** The first field named {@code name}, depth first. */
    private static JsonNode find(JsonNode node, String name) {
        if (node instanceof ObjectNode o) {
            if (o.has(name)) {
                return o.get(name);
            }
            for (JsonNode child : o) {
                JsonNode f = find(child, name);
                if (f != null) {
                    return f;
                }
            }
        }
        return null;
    }

    /** Numbers named best* or valid* anywhere (best validation loss of a run or checkpoint). */
    private static void validation(JsonNode node, ObjectNode into) {
        node.fields().forEachRemaining(e -> {
            String k = e.getKey();
            if (e.getValue().isNumber() && (k.startsWith("best") || k.startsWith("valid"))) {
                into.set(k, e.getValue());
            } else if (e.getValue().isObject()) {
                validation(e.getValue(), into);
            }
        });
    }

    /** A copy in which every list whose JSON is longer than LONGEST_LIST characters becomes its length. */
    private static ObjectNode shorten(ObjectNode o) {
        ObjectNode c = Json.MAPPER.createObjectNode();
        o.fields().forEachRemaining(e -> {
            JsonNode v = e.getValue();
            if (v.isArray() && v.toString().length() > LONGEST_LIST) {
                c.put(e.getKey(), v.size());
            } else if (v instanceof ObjectNode child) {
                c.set(e.getKey(), shorten(child));
            } else {
                c.set(e.getKey(), v);
            }
        });
        return c;
    }

    private static void flatten(String prefix, JsonNode node, StringBuilder s) {
        if (node instanceof ObjectNode o) {
            o.fields().forEachRemaining(e -> flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), s));
        } else {
            String v = node.isTextual() ? node.asText() : node.toString();
            s.append(prefix).append(": ").append(v).append('\n');
        }
    }
}
