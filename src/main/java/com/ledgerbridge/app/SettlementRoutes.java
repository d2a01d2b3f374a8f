package com.ledgerbridge.app;

import com.ledgerbridge.settlement.SettlementBillFormats;
import com.ledgerbridge.settlement.SettlementProperties;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.model.Model;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The settlement bill routes of routes/settlement-bills.camel.yaml, one per gateway: a drop folder
 * (settlement-bill-drop-&lt;gateway&gt;) for every gateway with a settlement bill format, and a scheduled download
 * (settlement-bill-download-&lt;gateway&gt;) for every gateway with a bill download and a download cron. Made before
 * Camel starts, after the YAML templates are loaded, as app/CrmRoutes does.
 */
@Configuration
public class SettlementRoutes {

    private static final Logger log = LoggerFactory.getLogger(SettlementRoutes.class);
    static final String DROP = "settlement-bill-drop";
    static final String DOWNLOAD = "settlement-bill-download";

    @Bean
    CamelContextConfiguration settlementBillRoutes(SettlementBillFormats formats, SettlementProperties settings) {
        return new CamelContextConfiguration() {
            @Override
            public void beforeApplicationStart(CamelContext camel) {
                Model model = camel.getCamelContextExtension().getContextPlugin(Model.class);
                if (model.getRouteTemplateDefinition(DROP) == null || model.getRouteTemplateDefinition(DOWNLOAD) == null) {
                    // only when camel.main.routes-include-pattern leaves routes/settlement-bills.camel.yaml out (tests)
                    if (!formats.gateways().isEmpty()) {
                        log.warn("Settlement bills of {} have no routes: route templates {} and {} are not loaded",
                                formats.gateways(), DROP, DOWNLOAD);
                    }
                    return;
                }
                for (String gateway : formats.gateways()) {
                    TemplatedRouteBuilder.builder(camel, DROP)
                            .routeId(DROP + "-" + gateway)
                            .parameter("gateway", gateway)
                            .parameter("folder", settings.folder(gateway).toString())
                            .add();
                }
                for (String gateway : formats.downloadingGateways()) {
                    SettlementProperties.Gateway gatewaySettings = settings.gateway(gateway);
                    if (gatewaySettings.downloadCron() == null) {
                        log.info("{} settlement bills are not downloaded on a schedule (no download-cron); "
                                + "POST /operations/settlement/{}/download?date= fetches one", gateway, gateway);
                        continue;
                    }
                    TemplatedRouteBuilder.builder(camel, DOWNLOAD)
                            .routeId(DOWNLOAD + "-" + gateway)
                            .parameter("gateway", gateway)
                            .parameter("cron", gatewaySettings.downloadCron())
                            .parameter("timeZone", gatewaySettings.downloadZone().getId())
                            .add();
                }
            }

            @Override
            public void afterApplicationStart(CamelContext camel) {
                // nothing: the routes start with the context
            }
        };
    }
}
