package com.ledgerbridge.gateway.wechatpay;

/**
 * A genuine (signature-verified) WeChat Pay notification whose content we refuse, with a reason code. Unchecked:
 * {@link WechatPayNotificationReader} throws it and {@link WechatPayGateway} turns it into a rejection.
 */
final class WechatPayRejection extends RuntimeException {

    /** The body is not a JSON object with the envelope fields (or has a key twice). */
    static final String MALFORMED_BODY = "MALFORMED_BODY";
    /** {@code resource} or one of its fields is absent. */
    static final String MISSING_RESOURCE = "MISSING_RESOURCE";
    /** {@code resource.associated_data} is absent (empty is allowed: it is part of the decryption). */
    static final String MISSING_ASSOCIATED_DATA = "MISSING_ASSOCIATED_DATA";
    /** {@code resource.algorithm} is not {@code AEAD_AES_256_GCM}. */
    static final String UNSUPPORTED_ALGORITHM = "UNSUPPORTED_ALGORITHM";
    /** The resource does not decrypt with our APIv3 key. */
    static final String UNDECRYPTABLE = "UNDECRYPTABLE";
    /** A field the event needs is absent, empty, or of the wrong type. */
    static final String MISSING_FIELD = "MISSING_FIELD";
    /** An amount is not a non-negative integer, or a currency is unknown. */
    static final String INVALID_AMOUNT = "INVALID_AMOUNT";
    /** A time is not RFC 3339 with an offset. */
    static final String INVALID_TIME = "INVALID_TIME";
    /** The state contradicts the event type (e.g. TRANSACTION.SUCCESS with trade_state NOTPAY). */
    static final String UNEXPECTED_STATE = "UNEXPECTED_STATE";
    /** {@code mchid} is not our merchant id. */
    static final String FOREIGN_MERCHANT = "FOREIGN_MERCHANT";
    /** {@code appid} is not our app id. */
    static final String FOREIGN_APP = "FOREIGN_APP";

    private final String reason;
    private final transient Ids ids;

    /** What the notification said about itself, for the rejection record; any may be null. */
    record Ids(String notificationId, String reference, String gatewayTradeId) {

        static final Ids NONE = new Ids(null, null, null);
    }

    WechatPayRejection(String reason, String detail) {
        this(reason, detail, Ids.NONE);
    }

    WechatPayRejection(String reason, String detail, Ids ids) {
        super(detail);
        this.reason = reason;
        this.ids = ids;
    }

    String reason() {
        return reason;
    }

    Ids ids() {
        return ids;
    }

    /** The same refusal, knowing more about the notification it concerns. */
    WechatPayRejection about(Ids known) {
        return new WechatPayRejection(reason, getMessage(), known);
    }
}
