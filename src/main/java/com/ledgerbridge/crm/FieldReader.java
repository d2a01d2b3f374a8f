package com.ledgerbridge.crm;

import com.ledgerbridge.domain.order.OrderStatus;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads the text values of one CRM record into typed order fields and collects every problem instead of
 * stopping at the first, so a rejects report can name them all. A field that cannot be read comes back
 * as null (the problem is recorded). Limits follow the sales_order columns, so anything accepted here can
 * be stored: a value the database would refuse would otherwise fail a whole file or page again and again.
 */
public final class FieldReader {

    /** Quantities and prices are stored as numeric(19, 6). */
    public static final int MAX_DECIMALS = 6;
    public static final int MAX_INTEGER_DIGITS = 13;

    private static final Pattern DECIMAL = Pattern.compile("-?\\d+(\\.\\d+)?");
    private static final Pattern WHOLE_NUMBER = Pattern.compile("-?\\d{1,9}");
    private static final String STATUSES = Arrays.stream(OrderStatus.values()).map(Enum::name)
            .collect(Collectors.joining(", "));

    private final List<String> problems = new ArrayList<>();

    public List<String> problems() {
        return List.copyOf(problems);
    }

    public boolean hasProblems() {
        return !problems.isEmpty();
    }

    public void problem(String problem) {
        problems.add(problem);
    }

    /** Trimmed text, or null when blank; a required blank value or one longer than {@code maxLength} is a problem. */
    public String text(String field, String value, int maxLength, boolean required) {
        String text = blankToNull(value);
        if (text == null) {
            if (required) {
                problems.add(field + " is missing");
            }
            return null;
        }
        if (text.length() > maxLength) {
            problems.add(field + " is longer than " + maxLength + " characters");
            return null;
        }
        return text;
    }

    /** A decimal written with '.' and at most {@link #MAX_DECIMALS} decimals, e.g. {@code 1234.56}. */
    public BigDecimal decimal(String field, String value) {
        String text = blankToNull(value);
        if (text == null) {
            problems.add(field + " is missing");
            return null;
        }
        if (!DECIMAL.matcher(text).matches()) {
            problems.add(field + " '" + text + "' is not a decimal number like 1234.56 (digits and '.', no separators)");
            return null;
        }
        BigDecimal number = new BigDecimal(text);
        BigDecimal exact = number.stripTrailingZeros();
        if (exact.scale() > MAX_DECIMALS) {
            problems.add(field + " '" + text + "' has more than " + MAX_DECIMALS + " decimals");
            return null;
        }
        if (exact.precision() - exact.scale() > MAX_INTEGER_DIGITS) {
            problems.add(field + " '" + text + "' is too large (at most " + MAX_INTEGER_DIGITS + " digits before '.')");
            return null;
        }
        return number;
    }

    /** A whole number, or null when blank and not required. */
    public Integer wholeNumber(String field, String value, boolean required) {
        String text = blankToNull(value);
        if (text == null) {
            if (required) {
                problems.add(field + " is missing");
            }
            return null;
        }
        if (!WHOLE_NUMBER.matcher(text).matches()) {
            problems.add(field + " '" + text + "' is not a whole number");
            return null;
        }
        return Integer.valueOf(text);
    }

    /** An ISO calendar date, {@code yyyy-MM-dd}. */
    public LocalDate date(String field, String value) {
        String text = blankToNull(value);
        if (text == null) {
            problems.add(field + " is missing");
            return null;
        }
        try {
            return LocalDate.parse(text, DateTimeFormatter.ISO_LOCAL_DATE);
        } catch (DateTimeParseException e) {
            problems.add(field + " '" + text + "' is not a date like 2026-11-20 (yyyy-MM-dd)");
            return null;
        }
    }

    /** An ISO-8601 time with its offset, e.g. {@code 2026-11-20T08:15:00Z} or {@code 2026-11-20T16:15:00+08:00}. */
    public Instant instant(String field, String value) {
        String text = blankToNull(value);
        if (text == null) {
            problems.add(field + " is missing");
            return null;
        }
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            problems.add(field + " '" + text + "' is not an ISO-8601 time with offset like 2026-11-20T08:15:00Z");
            return null;
        }
    }

    /** An ISO 4217 currency code, any case. */
    public Currency currency(String field, String value) {
        String text = blankToNull(value);
        if (text == null) {
            problems.add(field + " is missing");
            return null;
        }
        try {
            Currency currency = Currency.getInstance(text.toUpperCase(Locale.ROOT));
            if (currency.getDefaultFractionDigits() < 0) {
                problems.add(field + " '" + text + "' is not a money currency");
                return null;
            }
            return currency;
        } catch (IllegalArgumentException e) {
            problems.add(field + " '" + text + "' is not an ISO 4217 currency code");
            return null;
        }
    }

    /** One of the canonical statuses, any case. */
    public OrderStatus status(String field, String value) {
        String text = blankToNull(value);
        if (text == null) {
            problems.add(field + " is missing");
            return null;
        }
        try {
            return OrderStatus.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            problems.add(field + " '" + text + "' is not one of " + STATUSES);
            return null;
        }
    }

    private static String blankToNull(String value) {
        if (value == null) {
            return null;
        }
        String trimmed = value.strip();
        return trimmed.isEmpty() ? null : trimmed;
    }
}
