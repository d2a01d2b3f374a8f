package com.ledgerbridge.domain.order;

import java.math.BigDecimal;

/**
 * One order line. The unit price is a plain decimal (it may carry more decimals than the currency,
 * as price lists often do); the line amount is rounded when the invoice is calculated.
 */
public record OrderLine(int lineNo, String sku, String description, BigDecimal quantity, BigDecimal unitPrice) {
}
