package com.ledgerbridge.settlement;

import com.ledgerbridge.gateway.SettlementBillDownload;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A settlement bill download for tests (gateway testpay): serves the bills tests publish per day, written under a
 * temporary name and then moved into place as the contract says; a day without a published bill has none.
 */
public class TestBillDownload implements SettlementBillDownload {

    public static final Map<LocalDate, String> PUBLISHED = new ConcurrentHashMap<>();

    @Override
    public String gateway() {
        return TestBillFormat.GATEWAY;
    }

    @Override
    public Optional<Path> download(LocalDate billDate, Path folder) {
        String bill = PUBLISHED.get(billDate);
        if (bill == null) {
            return Optional.empty();
        }
        try {
            Path temporary = folder.resolve("testpay-" + billDate + ".csv.part");
            Files.writeString(temporary, bill, StandardCharsets.UTF_8);
            return Optional.of(Files.move(temporary, folder.resolve("testpay-" + billDate + ".csv"),
                    StandardCopyOption.ATOMIC_MOVE));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
