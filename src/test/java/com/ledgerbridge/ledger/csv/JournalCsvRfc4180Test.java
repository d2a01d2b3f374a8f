package com.ledgerbridge.ledger.csv;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class JournalCsvRfc4180Test {

    @Test
    void quotesOnlyWhatNeedsQuoting() {
        assertThat(Rfc4180.format(List.of("a", "b c", "x,y", "say \"hi\"", "two\nlines", "", " pad")))
                .isEqualTo("a,b c,\"x,y\",\"say \"\"hi\"\"\",\"two\nlines\",,\" pad\"\r\n");
    }

    @Test
    void parsesQuotedFieldsWithDelimitersInside() {
        List<Rfc4180.Record> records = Rfc4180.parse("h1,h2\r\n\"a,1\",\"b \"\"q\"\"\r\nc\"\r\n,\r\n");

        assertThat(records).hasSize(3).allMatch(Rfc4180.Record::terminated);
        assertThat(records.get(1).fields()).containsExactly("a,1", "b \"q\"\r\nc");
        assertThat(records.get(2).fields()).containsExactly("", "");
    }

    @Test
    void reportsWhereEachRecordStartsAndEnds() {
        String text = "a,b\r\nc,d\r\n";
        List<Rfc4180.Record> records = Rfc4180.parse(text);

        assertThat(records.get(1).start()).isEqualTo(5);
        assertThat(records.get(1).end()).isEqualTo(text.length());
    }

    @Test
    void aRecordCutShortIsReportedAsNotTerminated() {
        assertThat(Rfc4180.parse("a,b\r\nc,d").get(1).terminated()).isFalse();
        assertThat(Rfc4180.parse("a,b\r\nc,d\r").get(1).terminated()).isFalse();
        assertThat(Rfc4180.parse("a,b\r\nc,\"open quote\r\nstill open").get(1).terminated()).isFalse();
        assertThat(Rfc4180.parse("a,b\r\nc,").get(1).fields()).containsExactly("c", "");
    }

    @Test
    void acceptsBareLineFeeds() {
        List<Rfc4180.Record> records = Rfc4180.parse("a,b\nc,d\n");

        assertThat(records).hasSize(2).allMatch(Rfc4180.Record::terminated);
        assertThat(records.get(1).fields()).containsExactly("c", "d");
    }
}
