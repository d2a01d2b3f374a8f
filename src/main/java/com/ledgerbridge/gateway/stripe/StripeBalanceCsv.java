package com.ledgerbridge.gateway.stripe;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;

/**
 * The bill format: Stripe's itemized balance report, {@code balance_change_from_activity.itemized.3} (Dashboard:
 * Reports › Balance › "Balance change from activity" › Download › Itemized, or the Reporting API), one row per
 * balance transaction, amounts in major units ({@code 12.34} USD, {@code 5000} JPY), times in UTC as
 * {@code yyyy-MM-dd HH:mm:ss}, currency lowercase. Columns are found by name, so any column selection and order
 * works as long as it has the ones {@link StripeBalanceBillFormat} needs ({@code charge_id} included: it is not a
 * default column, and refunds and disputes are keyed by it). The same report for payouts ({@code payouts.itemized.3},
 * with {@code payout_id} and {@code effective_at_utc}) is read as well. {@link StripeBalanceBillDownload} writes this
 * format from the balance-transactions API, payouts included.
 */
final class StripeBalanceCsv {

    static final String BALANCE_TRANSACTION_ID = "balance_transaction_id";
    static final String CREATED_UTC = "created_utc";
    static final String AVAILABLE_ON_UTC = "available_on_utc";
    static final String CURRENCY = "currency";
    static final String GROSS = "gross";
    static final String FEE = "fee";
    static final String NET = "net";
    static final String REPORTING_CATEGORY = "reporting_category";
    static final String SOURCE_ID = "source_id";
    static final String DESCRIPTION = "description";
    static final String CUSTOMER_ID = "customer_id";
    static final String CHARGE_ID = "charge_id";
    static final String PAYMENT_INTENT_ID = "payment_intent_id";
    /** Connect report types ({@code connected_account_…}) name the account each row belongs to. */
    static final String CONNECTED_ACCOUNT = "connected_account";
    /** {@code payouts.itemized.3}: the payout's id and the day it leaves the balance. */
    static final String PAYOUT_ID = "payout_id";
    static final String EFFECTIVE_AT_UTC = "effective_at_utc";

    /** RFC 4180 with CRLF, as Stripe's report files. */
    static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setRecordSeparator("\r\n").get();

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private StripeBalanceCsv() {
    }

    static String metadataColumn(String key) {
        return "payment_metadata[" + key + "]";
    }

    /** The columns the download writes, in order. */
    static List<String> columns(String referenceMetadataKey, boolean connectedAccount) {
        List<String> columns = new ArrayList<>(List.of(BALANCE_TRANSACTION_ID, CREATED_UTC, AVAILABLE_ON_UTC, CURRENCY,
                GROSS, FEE, NET, REPORTING_CATEGORY, SOURCE_ID, DESCRIPTION, CUSTOMER_ID, CHARGE_ID, PAYMENT_INTENT_ID,
                metadataColumn(referenceMetadataKey)));
        if (connectedAccount) {
            columns.add(CONNECTED_ACCOUNT);
        }
        return columns;
    }

    static String time(Instant instant) {
        return TIME.format(instant.atOffset(ZoneOffset.UTC));
    }

    /**
     * A UTC time as the reports write it ({@code 2026-11-22 09:15:02}); the ISO form ({@code 2026-11-22T09:15:02Z})
     * and minutes-only times are taken too.
     */
    static Instant parseTime(String text) {
        String value = text.strip();
        if (value.endsWith("Z")) {
            value = value.substring(0, value.length() - 1);
        }
        value = value.replace('T', ' ');
        if (value.length() == 16) {
            value = value + ":00";
        }
        try {
            return LocalDateTime.parse(value, TIME).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' is not a UTC time (yyyy-MM-dd HH:mm:ss)");
        }
    }
}
