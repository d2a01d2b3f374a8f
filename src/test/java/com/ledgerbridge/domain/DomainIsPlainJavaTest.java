package com.ledgerbridge.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The domain is plain Java: no Camel, Spring or Jakarta import may creep in (DESIGN.md). */
class DomainIsPlainJavaTest {

    @Test
    void domainSourcesImportNeitherCamelNorSpring() throws IOException {
        Path domain = Path.of("src/main/java/com/ledgerbridge/domain");
        List<String> offending;
        try (Stream<Path> files = Files.walk(domain)) {
            offending = files.filter(f -> f.toString().endsWith(".java"))
                    .filter(f -> {
                        try {
                            return Files.readAllLines(f).stream().anyMatch(line -> line.startsWith("import ")
                                    && (line.contains("org.apache.camel") || line.contains("org.springframework")
                                            || line.contains("jakarta.")));
                        } catch (IOException e) {
                            throw new IllegalStateException(e);
                        }
                    })
                    .map(Path::toString)
                    .toList();
        }
        assertThat(Files.isDirectory(domain)).isTrue();
        assertThat(offending).isEmpty();
    }
}
