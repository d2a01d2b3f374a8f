package com.ledgerbridge.app;

import com.ledgerbridge.gateway.PaymentWebhooks;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.camel.spi.RouteTemplateParameterSource;
import org.springframework.stereotype.Component;

/**
 * One webhook route per configured payment gateway, all from the route template {@code payment-webhook}
 * (routes/payment-webhooks.camel.yaml): Camel asks this source at start-up which routes to create. A gateway is
 * active when its bean exists (its {@code ledgerbridge.gateways.<name>.enabled}), so adding a gateway adds no
 * route.
 */
@Component
public class PaymentWebhookRoutes implements RouteTemplateParameterSource {

    static final String TEMPLATE = "payment-webhook";

    private final Map<String, String> gatewayByRouteId = new LinkedHashMap<>();

    public PaymentWebhookRoutes(PaymentWebhooks webhooks) {
        webhooks.gatewayNames().forEach(name -> gatewayByRouteId.put(TEMPLATE + "-" + name, name));
    }

    @Override
    public Map<String, Object> parameters(String routeId) {
        return Map.of(TEMPLATE_ID, TEMPLATE, "gateway", gatewayByRouteId.get(routeId));
    }

    @Override
    public Set<String> routeIds() {
        return gatewayByRouteId.keySet();
    }
}
