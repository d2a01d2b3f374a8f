package com.ledgerbridge.settlement;

import com.ledgerbridge.failure.BadInput;
import com.ledgerbridge.gateway.SettlementBillDownload;
import com.ledgerbridge.gateway.SettlementBillFormat;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The gateways that read settlement bills: every {@link SettlementBillFormat} bean (each gateway package adds its
 * own), and the {@link SettlementBillDownload}s that fetch their bills. Checked at start-up: a gateway reading bills
 * needs its settings (ledgerbridge.settlement.gateways.&lt;name&gt;.zone), and a download needs a format to read what
 * it fetches.
 */
@Component
public class SettlementBillFormats {

    private final Map<String, SettlementBillFormat> formats;
    private final Map<String, SettlementBillDownload> downloads;

    public SettlementBillFormats(ObjectProvider<SettlementBillFormat> formats,
            ObjectProvider<SettlementBillDownload> downloads, SettlementProperties properties) {
        Map<String, SettlementBillFormat> byGateway = new LinkedHashMap<>();
        formats.orderedStream().forEach(format -> {
            if (byGateway.put(format.gateway(), format) != null) {
                throw new IllegalStateException("two settlement bill formats for gateway " + format.gateway());
            }
            properties.gateway(format.gateway());
        });
        Map<String, SettlementBillDownload> downloadsByGateway = new LinkedHashMap<>();
        downloads.orderedStream().forEach(download -> {
            if (!byGateway.containsKey(download.gateway())) {
                throw new IllegalStateException("gateway " + download.gateway() + " downloads settlement bills but has "
                        + "no settlement bill format to read them");
            }
            if (downloadsByGateway.put(download.gateway(), download) != null) {
                throw new IllegalStateException("two settlement bill downloads for gateway " + download.gateway());
            }
        });
        this.formats = Collections.unmodifiableMap(byGateway);
        this.downloads = Collections.unmodifiableMap(downloadsByGateway);
    }

    /** The gateways whose bills are read; each has a drop folder. */
    public Set<String> gateways() {
        return formats.keySet();
    }

    /** The gateways whose bills are also downloaded. */
    public Set<String> downloadingGateways() {
        return downloads.keySet();
    }

    /** The bill format of {@code gateway}; BadInput when it reads no bills. */
    public SettlementBillFormat format(String gateway) {
        SettlementBillFormat format = gateway == null ? null : formats.get(gateway);
        if (format == null) {
            throw new BadInput("gateway '" + gateway + "' reads no settlement bills (gateways that do: " + gateways() + ")");
        }
        return format;
    }

    public Optional<SettlementBillDownload> download(String gateway) {
        return Optional.ofNullable(downloads.get(gateway));
    }
}
