package io.profilestream.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;
import picocli.CommandLine;

/**
 * What every ProfileStream command line (the trainer, the local stack and its benchmarks) does the
 * same way: the exit codes, how failures and usage errors are reported, the version.
 *
 * <ul>
 *   <li>0: success.</li>
 *   <li>1: failure at run time: one line {@code error: <what>} on stderr, naming the file when a
 *       file is the cause; the stack trace only with {@code --debug}.</li>
 *   <li>2: invalid command line: picocli's one-line reason, suggestions for a misspelt option, and
 *       a pointer to {@code --help}, on stderr; not the whole usage, which buries the reason in a
 *       script's log.</li>
 * </ul>
 */
public final class CliConventions {

    /** The option that adds stack traces to failures. */
    public static final String DEBUG_OPTION = "--debug";

    /** The exit codes every command documents, unless it lists its own. */
    public static final Map<String, String> EXIT_CODES = exitCodes(
            "failure at run time: one line 'error: ...' on stderr naming the file or cause (" + DEBUG_OPTION
                    + " adds the stack trace)");

    private CliConventions() {
    }

    /** The standard exit-code list with its own description of code 1. */
    public static Map<String, String> exitCodes(String failure) {
        Map<String, String> codes = new LinkedHashMap<>();
        codes.put("0", "success");
        codes.put("1", failure);
        codes.put("2", "invalid command line: unknown option, bad or missing value (the reason on stderr)");
        return codes;
    }

    /**
     * Applies the conventions to {@code root} and every subcommand it has now: exit-code section
     * (kept where a command lists its own), version, failure and usage-error handlers.
     *
     * @return {@code root}
     */
    public static CommandLine apply(CommandLine root, IVersionProvider version) {
        configure(root, version);
        root.setExecutionExceptionHandler(CliConventions::onFailure);
        root.setParameterExceptionHandler(CliConventions::onUsageError);
        return root;
    }

    private static void configure(CommandLine cmd, IVersionProvider version) {
        var usage = cmd.getCommandSpec().usageMessage();
        if (usage.exitCodeList().isEmpty()) {
            usage.exitCodeList(EXIT_CODES);
        }
        usage.exitCodeListHeading("%nExit codes:%n");
        cmd.getCommandSpec().versionProvider(version);
        for (CommandLine sub : cmd.getSubcommands().values()) {
            configure(sub, version);
        }
    }

    private static int onFailure(Exception e, CommandLine cmd, ParseResult parsed) {
        PrintWriter err = cmd.getErr();
        err.println("error: " + describe(e));
        // The system property is the trainer's older spelling of --debug, kept for scripts.
        if (debug(parsed) || Boolean.getBoolean("profilestream.trainer.stacktrace")) {
            e.printStackTrace(err);
        }
        err.flush();
        return cmd.getCommandSpec().exitCodeOnExecutionException();
    }

    private static int onUsageError(ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println(oneLine(e.getMessage()));
        UnmatchedArgumentException.printSuggestions(e, err);
        err.printf("Try '%s --help' for more information.%n", cmd.getCommandSpec().qualifiedName());
        err.flush();
        return cmd.getCommandSpec().exitCodeOnInvalidInput();
    }

    /** Whether {@code --debug} was given on any level of the command line. */
    static boolean debug(ParseResult parsed) {
        for (ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption(DEBUG_OPTION)) {
                return true;
            }
        }
        return false;
    }

    /**
     * One line saying what went wrong. File-system exceptions carry only the path as their message,
     * so the reason is added ({@code x.csv: no such file}).
     */
    public static String describe(Throwable e) {
        if (e instanceof UncheckedIOException u && u.getCause() != null) {
            return describe(u.getCause());
        }
        if (e instanceof FileSystemException f && f.getFile() != null) {
            String reason = f.getReason() != null ? f.getReason()
                    : e instanceof NoSuchFileException ? "no such file or directory"
                    : e instanceof AccessDeniedException ? "permission denied"
                    : e instanceof FileAlreadyExistsException ? "already exists"
                    : e instanceof NotDirectoryException ? "not a directory"
                    : e.getClass().getSimpleName();
            return f.getFile() + (f.getOtherFile() != null ? " -> " + f.getOtherFile() : "") + ": " + reason;
        }
        return oneLine(e.getMessage() == null || e.getMessage().isBlank() ? e.toString() : e.getMessage());
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
