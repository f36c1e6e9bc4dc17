package recur.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import recur.io.BadInputException;
import recur.io.Record;
import recur.model.word2vec.Embeddings;

/** {@code recur embed neighbors}: cosine nearest neighbours of a word or a vector. */
@Command(mixinStandardHelpOptions = true, name = "neighbors", aliases = "neighbours", sortOptions = false,
        header = "Nearest neighbours (cosine) of words or vectors.",
        description = {
            "Reads one query a record: the word in '--word-field' (plain-text lines are words), or a vector of"
                    + " numbers in '--vector-field'. Writes each record back with 'neighbors': [{\"word\", \"score\"}, ...],"
                    + " best first, the query word excluded; an unknown word gets an empty list (counted on standard error)."
                    + " A model with character n-grams gives unseen words a vector from their n-grams.",
            "",
            "Memory: the model's vectors twice (raw and unit length)."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  echo king | recur embed neighbors -m emb.model -k 5",
            "  printf '{\"word\":\"paris\",\"id\":7}\\n' | recur embed neighbors -m emb.model --limit 30000"})
public final class EmbedNeighborsCommand implements Callable<Integer> {
    @Mixin
    ModelOption model;

    @Option(names = {"-k", "--top"}, paramLabel = "K", defaultValue = "10", converter = Ranges.Positive.class, description = "Neighbours per query. Default: ${DEFAULT-VALUE}.")
    int k;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "0",
            converter = Ranges.NonNegative.class,
            description = "Search only the N most frequent words (0: all). Default: ${DEFAULT-VALUE}.")
    int limit;

    @Option(names = "--word-field", paramLabel = "NAME", defaultValue = "word",
            description = "Field holding the query word (else the text field is used). Default: ${DEFAULT-VALUE}.")
    String wordField;

    @Option(names = "--vector-field", paramLabel = "NAME", defaultValue = "vector",
            description = "Field holding a query vector. Default: ${DEFAULT-VALUE}.")
    String vectorField;

    @Mixin
    RecordStream stream;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        Embeddings e = Embeddings.load(model.path());
        EmbedLookup lookup = new EmbedLookup(e, limit, false);
        long unknown = stream.run(r -> {
            List<Embeddings.Scored> found;
            boolean unknownWord = false;
            if (r.has(vectorField)) {
                found = e.nearest(vector(r, e.dim()), k, lookup.limit());
            } else {
                String w = (r.has(wordField) ? r.text(wordField) : r.text(stream.in.textField)).strip();
                int id = e.id(w);
                float[] q = e.vector(w);
                unknownWord = q == null;
                found = unknownWord ? List.of() : e.nearest(q, k, lookup.limit(), id);
            }
            EmbedLookup.putScored(r.node(), "neighbors", found);
            return unknownWord;
        });
        if (unknown > 0) {
            stream.progress().note("recur embed neighbors: " + unknown + " query words not in the vocabulary");
        }
        return 0;
    }

    private float[] vector(Record r, int dim) {
        JsonNode v = r.node().get(vectorField);
        if (!v.isArray() || v.size() != dim) {
            throw new BadInputException(r.where(), "field \"" + vectorField + "\" must be an array of " + dim + " numbers");
        }
        float[] q = new float[dim];
        for (int j = 0; j < dim; j++) {
            if (!v.get(j).isNumber()) {
                throw new BadInputException(r.where(), "field \"" + vectorField + "\"[" + j + "] must be a number, got " + Record.kind(v.get(j)));
            }
            q[j] = (float) v.get(j).asDouble();
        }
        return q;
    }
}
