package com.ledgerbridge.crm;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/** The configured, enabled CRM sources, made once at start-up by their type's {@link CrmConnector}. */
@Component
public class CrmSources {

    private final Map<String, CrmSource> pulled = new HashMap<>();
    private final Map<String, CrmFileSource> dropped = new HashMap<>();

    public CrmSources(CrmProperties properties, List<CrmConnector> connectors) {
        properties.sources().forEach((name, settings) -> {
            if (!settings.enabled()) {
                return;
            }
            CrmConnector connector = connectors.stream().filter(c -> c.type() == settings.type()).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no connector for ledgerbridge.crm.sources." + name
                            + ".type " + settings.type()));
            switch (settings.type().flow()) {
                case SCHEDULED_PULL -> pulled.put(name, connector.pullSource(name, settings));
                case FILE_DROP -> dropped.put(name, connector.fileSource(name, settings));
            }
        });
    }

    public CrmSource pulled(String name) {
        CrmSource source = pulled.get(name);
        if (source == null) {
            throw new IllegalArgumentException("no enabled pulled CRM source '" + name + "' (ledgerbridge.crm.sources)");
        }
        return source;
    }

    public CrmFileSource dropped(String name) {
        CrmFileSource source = dropped.get(name);
        if (source == null) {
            throw new IllegalArgumentException("no enabled drop-folder CRM source '" + name + "' (ledgerbridge.crm.sources)");
        }
        return source;
    }
}
