package com.ledgerbridge.gateway.alipay;

import com.ledgerbridge.domain.reconciliation.OpenInvoice;
import com.ledgerbridge.failure.BadInput;
import com.ledgerbridge.storage.InvoiceStore;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.stereotype.Component;

/**
 * Demo mode only: builds the notification Alipay would send when a buyer pays one of our invoices,
 * signed with the sandbox key pair in config/sandbox/ (which stands in for Alipay's key). The route
 * sends it to our own webhook, so it goes through exactly the same verification as a real one.
 * Refuses to work unless ledgerbridge.gateways.alipay.sandbox.enabled is true (never in production).
 */
@Component
public class SandboxAlipayPayments {

    private static final DateTimeFormatter ALIPAY_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final AlipayProperties properties;
    private final InvoiceStore invoices;
    private final Clock clock;
    private final AlipayNotificationSigner signer;

    public SandboxAlipayPayments(AlipayProperties properties, InvoiceStore invoices, Clock clock) {
        this.properties = properties;
        this.invoices = invoices;
        this.clock = clock;
        this.signer = properties.sandbox().enabled()
                ? new AlipayNotificationSigner(properties.sandbox().privateKeyText()) : null;
    }

    /**
     * The signed form body of a TRADE_SUCCESS notification for {@code invoiceNumber}.
     *
     * @param amount yuan, e.g. "10.00"; null or blank pays what is outstanding
     */
    public String signedNotification(String invoiceNumber, String amount) {
        if (!properties.sandbox().enabled()) {
            throw new BadInput("the Alipay sandbox is disabled (ledgerbridge.gateways.alipay.sandbox.enabled)");
        }
        if (invoiceNumber == null || invoiceNumber.isBlank()) {
            throw new BadInput("say which invoice to pay: ?invoice=INV-...");
        }
        BigDecimal paid;
        if (amount == null || amount.isBlank()) {
            OpenInvoice invoice = invoices.findByNumber(invoiceNumber)
                    .orElseThrow(() -> new BadInput("no invoice " + invoiceNumber + "; pass &amount= to pay an unknown one"));
            paid = invoice.outstanding().amount();
        } else {
            BigDecimal given = AlipayNotificationParser.parseAmount(amount);
            if (given == null) {
                throw new BadInput("amount " + amount + " is not a yuan amount such as 10.00");
            }
            paid = given.setScale(2);
        }
        String now = LocalDateTime.now(clock.withZone(AlipayNotificationParser.ALIPAY_ZONE)).format(ALIPAY_TIME);
        ThreadLocalRandom random = ThreadLocalRandom.current();
        Map<String, String> params = new LinkedHashMap<>();
        params.put("notify_time", now);
        params.put("notify_type", "trade_status_sync");
        params.put("notify_id", "sandbox" + Long.toHexString(random.nextLong()));
        params.put("app_id", properties.appId());
        params.put("charset", "utf-8");
        params.put("version", "1.0");
        // Alipay trade numbers are 28 digits starting with the year
        params.put("trade_no", String.format("2026%016d%08d", random.nextLong(10_000_000_000_000_000L),
                random.nextInt(100_000_000)));
        params.put("out_trade_no", invoiceNumber);
        params.put("buyer_id", "2088" + String.format("%012d", random.nextLong(1_000_000_000_000L)));
        params.put("seller_id", properties.sellerId());
        params.put("trade_status", "TRADE_SUCCESS");
        params.put("total_amount", paid.toPlainString());
        params.put("receipt_amount", paid.toPlainString());
        params.put("subject", "发票 " + invoiceNumber);
        params.put("gmt_create", now);
        params.put("gmt_payment", now);
        return AlipayFormBody.encode(signer.sign(params), StandardCharsets.UTF_8);
    }
}
