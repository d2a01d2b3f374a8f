package com.ledgerbridge.app;

import com.ledgerbridge.crm.CrmProperties;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.model.Model;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * One route per configured CRM source, instantiated from the route template of its type's flow in
 * routes/crm-sync.camel.yaml (crm-pull or crm-file-drop): a second CRM is a block under ledgerbridge.crm.sources,
 * not a route. Done before Camel starts, after the YAML templates are loaded, so a pull recovered by Quartz
 * right at start-up finds its route.
 */
@Configuration
public class CrmRoutes {

    private static final Logger log = LoggerFactory.getLogger(CrmRoutes.class);

    @Bean
    CamelContextConfiguration crmSourceRoutes(CrmProperties crm) {
        return new CamelContextConfiguration() {
            @Override
            public void beforeApplicationStart(CamelContext camel) {
                Model model = camel.getCamelContextExtension().getContextPlugin(Model.class);
                crm.sources().forEach((name, source) -> {
                    if (!source.enabled()) {
                        return;
                    }
                    String template = switch (source.type().flow()) {
                        case SCHEDULED_PULL -> "crm-pull";
                        case FILE_DROP -> "crm-file-drop";
                    };
                    if (model.getRouteTemplateDefinition(template) == null) {
                        // only when camel.main.routes-include-pattern leaves routes/crm-sync.camel.yaml out (tests)
                        log.warn("CRM source {} has no route: route template {} is not loaded", name, template);
                        return;
                    }
                    switch (source.type().flow()) {
                        case SCHEDULED_PULL -> TemplatedRouteBuilder.builder(camel, "crm-pull")
                                .routeId("crm-pull-" + name)
                                .parameter("source", name)
                                .parameter("cron", source.cron())
                                .add();
                        case FILE_DROP -> TemplatedRouteBuilder.builder(camel, "crm-file-drop")
                                .routeId("crm-file-drop-" + name)
                                .parameter("source", name)
                                .parameter("inbox", source.inbox().toString())
                                .add();
                    }
                });
            }

            @Override
            public void afterApplicationStart(CamelContext camel) {
                // nothing: the routes start with the context
            }
        };
    }
}
