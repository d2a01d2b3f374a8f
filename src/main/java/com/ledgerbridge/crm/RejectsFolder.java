package com.ledgerbridge.crm;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.springframework.stereotype.Component;

/** The rejects reports of every CRM source: CSV files (UTF-8) in ledgerbridge.crm.rejects. */
@Component
public class RejectsFolder {

    private final Path folder;

    public RejectsFolder(CrmProperties properties) {
        this.folder = properties.rejects();
    }

    /** Writes a whole report as {@code fileName}, replacing an older one of that name. */
    public Path write(String fileName, RejectsReport report) {
        try (Report out = open(fileName, report.columns())) {
            for (List<String> row : report.rows()) {
                out.row(row);
            }
            return out.file;
        }
    }

    /** Opens a report to be written row by row (a file being read as a stream). */
    public Report open(String fileName, List<String> columns) {
        try {
            Files.createDirectories(folder);
            Path file = folder.resolve(fileName);
            BufferedWriter writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
            CSVPrinter printer = new CSVPrinter(writer, CSVFormat.DEFAULT);
            printer.printRecord(columns);
            return new Report(file, printer);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the rejects report " + fileName + " in " + folder, e);
        }
    }

    /** A rejects report being written. */
    public static final class Report implements AutoCloseable {

        private final Path file;
        private final CSVPrinter printer;

        private Report(Path file, CSVPrinter printer) {
            this.file = file;
            this.printer = printer;
        }

        public Path file() {
            return file;
        }

        public void row(List<String> values) {
            try {
                printer.printRecord(values);
            } catch (IOException e) {
                throw new UncheckedIOException("could not write the rejects report " + file, e);
            }
        }

        @Override
        public void close() {
            try {
                printer.close(true);
            } catch (IOException e) {
                throw new UncheckedIOException("could not write the rejects report " + file, e);
            }
        }
    }
}
