/**
 * The command line: one picocli class per command, which parses options and wires parts from
 * the library packages; shared options as mixins ({@link recur.cli.InputOptions},
 * {@link recur.cli.ComputeOptions}, {@link recur.cli.CommonOptions}); progress on standard
 * error; exit codes ({@link recur.cli.ExitCodes}). Only {@link recur.cli.Main} calls System.exit.
 *
 * <p>May depend on every other package; nothing depends on it.
 */
package recur.cli;
