package dev.fulcrum;

import dev.fulcrum.cli.BackendCommand;
import dev.fulcrum.cli.DemoCommand;
import dev.fulcrum.cli.ExportCommand;
import dev.fulcrum.cli.ServeCommand;
import dev.fulcrum.cli.UserError;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code fulcrum} command. User mistakes end in one line on stderr and a non-zero exit: 2 for a bad command line,
 * 1 for a problem found while starting (unreadable file, port in use).
 */
@Command(name = "fulcrum", mixinStandardHelpOptions = true, version = "Fulcrum 0.1.0",
        description = "A layer-7 HTTP load balancer.",
        subcommands = {ServeCommand.class, BackendCommand.class, DemoCommand.class, ExportCommand.class})
public final class Fulcrum implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** Parses and runs one command; returns its exit code. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new Fulcrum());
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler((e, ignored) -> {
            String command = e.getCommandLine().getCommandName();
            err.println(command + ": " + e.getMessage() + " (see '" + qualified(e.getCommandLine()) + " --help')");
            return 2;
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof UserError) {
                err.println(commandLine.getCommandName() + ": " + e.getMessage());
                return 1;
            }
            throw e;
        });
        return cli.execute(args);
    }

    private static String qualified(CommandLine commandLine) {
        return commandLine.getParent() == null ? commandLine.getCommandName()
                : qualified(commandLine.getParent()) + " " + commandLine.getCommandName();
    }
}
