package com.ledgerbridge.gateway;

import com.ledgerbridge.domain.settlement.BillLine;
import java.io.IOException;
import java.io.InputStream;

/**
 * A gateway's daily settlement bill file (DESIGN.md, "A gateway also reads its settlement bill"): turns the file
 * as the gateway delivers it (Alipay's GBK zip, WeChat Pay's backquoted CSV, Stripe's balance transactions CSV)
 * into canonical {@link BillLine}s, streamed: a bill can hold millions of lines and is never held in memory.
 *
 * <p>A gateway bean implementing this (beside its {@link PaymentGateway}) is what the settlement import finds by
 * {@link #gateway()}. Implementations are stateless and thread-safe.
 */
public interface SettlementBillFormat {

    /** The gateway whose bills this reads, as {@link PaymentGateway#name()}. */
    String gateway();

    /**
     * Reads one bill file, handing each line to {@code sink} in file order.
     *
     * @param fileName the file's name as delivered (some gateways put the merchant and day in it)
     * @throws InvalidBillException when the file as a whole cannot be this gateway's bill for our merchant (torn
     *         zip, wrong encoding, another merchant's account, not a bill at all); nothing of it may be used
     */
    void read(InputStream content, String fileName, BillLineSink sink) throws IOException;

    /** Receives a bill's lines as they are read. */
    interface BillLineSink {

        /** A good line. */
        void line(BillLine line);

        /**
         * A line that cannot be used (unparseable amount, unknown status): reported with its physical line number
         * and reason; the good lines around it are kept.
         */
        void rejected(long lineNumber, String reason);
    }
}
