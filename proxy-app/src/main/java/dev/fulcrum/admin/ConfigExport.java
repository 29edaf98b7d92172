package dev.fulcrum.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fulcrum.db.ConfigStore;

/** The configuration document of a database, for {@code fulcrum export}: the bytes {@code GET /api/config} sends. */
public final class ConfigExport {

    private ConfigExport() {
    }

    public static byte[] bytes(ConfigStore store) {
        ConfigStore.Versioned<Configuration> current = store.read(Configuration::read);
        return ConfigDocument.bytes(new ObjectMapper(), ConfigDocument.render(current.revision(), current.value()));
    }
}
