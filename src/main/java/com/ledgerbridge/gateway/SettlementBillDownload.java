package com.ledgerbridge.gateway;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Optional;

/**
 * Fetches a gateway's daily bill through its download API (Alipay {@code alipay.data.dataservice.bill.downloadurl
 * .query}, WeChat Pay {@code GET /v3/bill/tradebill}, Stripe balance transactions). The file is written into the
 * gateway's bill drop folder, so a downloaded bill and a dropped one are imported by the same path.
 */
public interface SettlementBillDownload {

    /** The gateway, as {@link PaymentGateway#name()}. */
    String gateway();

    /**
     * Downloads the bill for {@code billDate} into {@code folder} (written under a temporary name, then moved into
     * place, so the import never sees half a file).
     *
     * @return the file written, or empty when the gateway says there is no bill for that day (no trades)
     * @throws com.ledgerbridge.failure.TransientFailure when the gateway could not be reached or asked to wait
     * @throws com.ledgerbridge.failure.PermanentFailure when the gateway refused the request (bad credentials)
     */
    Optional<Path> download(LocalDate billDate, Path folder);
}
