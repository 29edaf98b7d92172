package dev.fulcrum.cli;

import dev.fulcrum.demo.DemoBackend;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code fulcrum backend PORT [--name NAME]}: one demo backend, as the original balancer's demo servers. */
@Command(name = "backend", mixinStandardHelpOptions = true,
        description = "Run a demo backend: GET / names it, /health answers 200, POST /echo echoes the body.")
public final class BackendCommand implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(BackendCommand.class);

    @Parameters(index = "0", paramLabel = "PORT", converter = Converters.Port.class, description = "Port to listen on.")
    int port;

    @Option(names = "--name", paramLabel = "NAME", description = "Name it answers with (default: the port).")
    String name;

    @Option(names = "--host", defaultValue = "127.0.0.1", paramLabel = "ADDRESS",
            description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String host;

    @Override
    public Integer call() throws Exception {
        DemoBackend backend = new DemoBackend(host, port, name == null ? Integer.toString(port) : name);
        Startup.start(backend::start, backend);
        log.info("demo backend {} listening on {}:{}", backend.name(), host, backend.port());
        Lifecycle.runUntilStopped(backend);
        return 0;
    }
}
