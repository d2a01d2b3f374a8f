package com.ledgerbridge.domain.reconciliation.matching;

/** Where in a payment a reference may be found. */
public enum ReferenceField {
    /** Our reference the payer paid against (Alipay / WeChat Pay {@code out_trade_no}, Stripe metadata). */
    MERCHANT_REFERENCE,
    /** Free text the payer or gateway passed along (memo, remark, {@code passback_params}, {@code attach}). */
    MEMO
}
