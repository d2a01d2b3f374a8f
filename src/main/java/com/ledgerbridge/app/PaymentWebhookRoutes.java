package com.ledgerbridge.app;

import com.ledgerbridge.gateway.PaymentWebhooks;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.spi.RouteTemplateParameterSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * One webhook route per configured payment gateway, all from the route template {@code payment-webhook}
 * (routes/payment-webhooks.camel.yaml): Camel asks this source at start-up which routes to create. A gateway is
 * active when its bean exists (its {@code ledgerbridge.gateways.<name>.enabled}), so adding a gateway adds no
 * route.
 */
@Component
public class PaymentWebhookRoutes implements RouteTemplateParameterSource, CamelContextAware {

    private static final Logger log = LoggerFactory.getLogger(PaymentWebhookRoutes.class);
    static final String TEMPLATE = "payment-webhook";

    private final Map<String, String> gatewayByRouteId = new LinkedHashMap<>();
    private CamelContext camelContext;

    public PaymentWebhookRoutes(PaymentWebhooks webhooks) {
        webhooks.gatewayNames().forEach(name -> gatewayByRouteId.put(TEMPLATE + "-" + name, name));
    }

    @Override
    public Map<String, Object> parameters(String routeId) {
        return Map.of(TEMPLATE_ID, TEMPLATE, "gateway", gatewayByRouteId.get(routeId));
    }

    @Override
    public Set<String> routeIds() {
        // without routes (a test that loads none) there is no template and so no webhook endpoint
        if (camelContext instanceof ModelCamelContext model && model.getRouteTemplateDefinition(TEMPLATE) == null) {
            if (!gatewayByRouteId.isEmpty()) {
                log.warn("No route template {} is loaded: the payment gateways {} have no webhook endpoint", TEMPLATE,
                        gatewayByRouteId.values());
            }
            return Set.of();
        }
        return gatewayByRouteId.keySet();
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }
}
