package recur.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Collection;

/**
 * Where an output file really goes. An output never replaces an input: {@link #sameAsInput} compares
 * the files themselves (a {@code ./x} path, a symlink, a hard link all name the same file), not the
 * names. {@code -} and {@code /dev/stdout} mean standard output; a symlink is written through to the
 * file it points to, so the link stays a link.
 */
public final class Outputs {
    private Outputs() {}

    /** True when {@code out} names standard output: {@code -}, {@code /dev/stdout} or {@code /dev/fd/1}. */
    public static boolean isStdout(Path out) {
        String s = out.toString();
        if (s.equals(Inputs.STDIN)) {
            return true;
        }
        String abs = out.toAbsolutePath().normalize().toString();
        return abs.equals("/dev/stdout") || abs.equals("/dev/fd/1") || abs.equals("/proc/self/fd/1");
    }

    /**
     * The input (as named) that is the same file as {@code out}, or null. Inputs are file names as
     * given ({@code -} and null are skipped); a file that does not exist yet cannot be an input.
     */
    public static String sameAsInput(Path out, Collection<?> inputs) {
        if (out == null || isStdout(out)) {
            return null;
        }
        Path o = out;
        if (!Files.exists(o)) {
            return null;
        }
        for (Object in : inputs) {
            if (in == null) {
                continue;
            }
            String name = in.toString();
            if (name.equals(Inputs.STDIN)) {
                continue;
            }
            try {
                Path p = Path.of(name);
                if (Files.exists(p) && Files.isSameFile(o, p)) {
                    return name;
                }
            } catch (InvalidPathException | IOException e) {
                // an input that cannot be looked at cannot be the output either; reading it will say why
            }
        }
        return null;
    }

    /**
     * The file to replace when writing {@code out}: {@code out} itself, or the file a symlink (chain)
     * points to, existing or not, so that the link keeps pointing at the new content.
     */
    public static Path target(Path out) throws IOException {
        Path p = out.toAbsolutePath();
        for (int hops = 0; Files.isSymbolicLink(p); hops++) {
            if (hops > 40) {
                throw new IOException(out + ": too many levels of symbolic links");
            }
            Path link = Files.readSymbolicLink(p);
            p = p.resolveSibling(link).normalize();
        }
        return p;
    }

    /** True when {@code p} exists and is not a regular file (a device, a FIFO): written in place, never renamed over. */
    public static boolean isSpecial(Path p) {
        return Files.exists(p) && !Files.isRegularFile(p) && !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS);
    }
}
