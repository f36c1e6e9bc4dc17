package recur.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/** {@code recur embed}: the parent of the word-vector commands. */
@Command(mixinStandardHelpOptions = true, name = "embed",
        header = "Learn word vectors (word2vec skip-gram / CBoW) and query them.",
        description = {
            "Trains word vectors with negative sampling, converts them from and to the word2vec and fastText"
                    + " formats, and answers queries over JSON Lines: nearest neighbours, analogies, sentence vectors."},
        synopsisSubcommandLabel = "COMMAND",
        subcommands = {EmbedTrainCommand.class, EmbedNeighborsCommand.class, EmbedAnalogyCommand.class,
            EmbedVectorsCommand.class, EmbedExportCommand.class, EmbedImportCommand.class},
        footerHeading = "%nExamples:%n",
        footer = {
            "  recur embed train --algo skipgram --dim 100 -o emb.model corpus.txt.gz",
            "  echo king | recur embed neighbors -m emb.model -k 5",
            "  recur embed export -m emb.model --format word2vec-binary -o vectors.bin"})
public final class EmbedCommand implements Runnable {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: train, neighbors, analogy, vectors, export or import");
    }
}
