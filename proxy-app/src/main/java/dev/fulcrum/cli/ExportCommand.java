package dev.fulcrum.cli;

import dev.fulcrum.admin.ConfigExport;
import dev.fulcrum.db.Database;
import dev.fulcrum.db.DatabaseSettings;
import dev.fulcrum.db.DatabaseUnavailableException;
import dev.fulcrum.lang.Causes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code fulcrum export [--db URL] [--output FILE]}: the whole configuration of a database as the document
 * {@code GET /api/config} answers, with the revision it reflects, for a review, a backup or
 * {@code serve --import} elsewhere. A database that does not exist is reported, not created.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Print the configuration stored in a database as a JSON document (the same as GET /api/config).")
public final class ExportCommand implements Callable<Integer> {

    /** H2's SQL states for a database file another process has open, and for one that does not exist. */
    private static final String IN_USE = "90020";
    private static final String NOT_FOUND = "90146";

    @Option(names = "--db", defaultValue = ServeCommand.DEFAULT_DB, paramLabel = "JDBC_URL",
            description = "Database to read (default: ${DEFAULT-VALUE}); one a running serve holds: use GET "
                    + "/api/config instead.")
    String db;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write to FILE instead of standard output.")
    Path output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        byte[] document;
        try (Database database = Database.open(existingOnly(db))) {
            document = ConfigExport.bytes(database.config());
        } catch (DatabaseUnavailableException e) {
            throw new UserError(why(e));
        }
        if (output == null) {
            spec.commandLine().getOut().print(new String(document, StandardCharsets.UTF_8));
            spec.commandLine().getOut().flush();
        } else {
            Files.write(output, document);
        }
        return 0;
    }

    /** Why the database could not be read, in the words of the URL the user typed, its password masked. */
    private String why(DatabaseUnavailableException failure) {
        String shown = DatabaseSettings.masked(db);
        if (Causes.find(failure, t -> t instanceof SQLException sql && IN_USE.equals(sql.getSQLState())) != null) {
            return shown + " is open in another process (a running serve holds its database): ask that one with "
                    + "GET /api/config instead";
        }
        if (Causes.find(failure, t -> t instanceof SQLException sql && NOT_FOUND.equals(sql.getSQLState())) != null) {
            return "no database at " + shown + " (export reads one, it never creates one)";
        }
        return failure.getMessage().replace(DatabaseSettings.masked(existingOnly(db)), shown);
    }

    /** An H2 URL that opens only a database that exists, so that a mistyped path is not created empty. */
    private static String existingOnly(String jdbcUrl) {
        if (!jdbcUrl.startsWith("jdbc:h2:") || jdbcUrl.startsWith("jdbc:h2:mem:")
                || jdbcUrl.toUpperCase(Locale.ROOT).contains(";IFEXISTS=")) {
            return jdbcUrl;
        }
        return jdbcUrl + ";IFEXISTS=TRUE";
    }
}
