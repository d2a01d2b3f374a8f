package com.ledgerbridge.crm.csv;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvSampleDataInstallerTest {

    @TempDir
    Path home;

    final Clock clock = Clock.fixed(Instant.parse("2026-11-22T08:00:00Z"), ZoneOffset.UTC);

    @Test
    void copiesTheSampleIntoTheInboxOnceEvenAfterItWasImported() throws IOException {
        Path sample = Files.writeString(home.resolve("orders-sample.csv"), "order_id\nSO-1\n");
        Path inbox = home.resolve("data/in/orders");
        SampleDataInstaller installer = new SampleDataInstaller(sample, inbox, home.resolve("data"), clock);

        assertThat(installer.install()).isTrue();
        assertThat(inbox.resolve("orders-sample.csv")).hasContent("order_id\nSO-1\n");
        assertThat(home.resolve("data/" + SampleDataInstaller.MARKER_FILE)).exists();
        try (var files = Files.list(inbox)) {
            assertThat(files).containsExactly(inbox.resolve("orders-sample.csv"));
        }

        Files.delete(inbox.resolve("orders-sample.csv")); // the route imported it and moved it away
        SampleDataInstaller afterRestart = new SampleDataInstaller(sample, inbox, home.resolve("data"), clock);
        assertThat(afterRestart.install()).isFalse();
        assertThat(inbox.resolve("orders-sample.csv")).doesNotExist();
    }

    @Test
    void aMissingSampleFileCopiesNothingAndIsTriedAgainNextStart() {
        Path inbox = home.resolve("data/in/orders");
        SampleDataInstaller installer = new SampleDataInstaller(home.resolve("nope.csv"), inbox, home.resolve("data"), clock);

        assertThat(installer.install()).isFalse();
        assertThat(home.resolve("data/" + SampleDataInstaller.MARKER_FILE)).doesNotExist();
        assertThat(inbox).doesNotExist();
    }
}
