package com.ledgerbridge.crm.csv;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CsvPhysicalLinesTest {

    @Test
    void countsCrLfLfAndLoneCrAsOneLineBreakEach() {
        PhysicalLines lines = new PhysicalLines("a\r\nb\nc\rd\r\n\r\ne");
        assertThat(lines.lineOf(0)).isEqualTo(1);
        assertThat(lines.lineOf(3)).isEqualTo(2);
        assertThat(lines.lineOf(5)).isEqualTo(3);
        assertThat(lines.lineOf(7)).isEqualTo(4);
        // from the blank line 5, the record starts on line 6
        assertThat(lines.lineOf(10)).isEqualTo(6);
    }
}
