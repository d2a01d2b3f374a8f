/**
 * Payment gateways: one package per gateway (alipay first), each verifying its own notifications and
 * turning them into canonical {@link com.ledgerbridge.domain.payment.PaymentEvent}s for the inbox.
 */
package com.ledgerbridge.gateway;
