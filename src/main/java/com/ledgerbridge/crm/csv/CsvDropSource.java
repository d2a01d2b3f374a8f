package com.ledgerbridge.crm.csv;

import com.ledgerbridge.crm.CrmFileSource;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A CSV drop folder (type csv): each dropped file is read as a stream in the source's charset (a spreadsheet
 * saving "CSV" in China may write GBK) by {@link CsvOrderReader}; undecodable bytes become U+FFFD, which the
 * field checks then reject, rather than failing the whole file half-way.
 */
public final class CsvDropSource implements CrmFileSource {

    private final String name;
    private final Charset charset;
    private final CsvOrderReader reader;

    public CsvDropSource(String name, Charset charset, int batchSize) {
        this.name = name;
        this.charset = charset;
        this.reader = new CsvOrderReader(name, batchSize);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int read(Path file, Sink sink) {
        return reader.read(() -> {
            try {
                return new BufferedReader(new InputStreamReader(Files.newInputStream(file), charset), 64 * 1024);
            } catch (IOException e) {
                throw new UncheckedIOException("could not open " + file, e);
            }
        }, sink);
    }
}
