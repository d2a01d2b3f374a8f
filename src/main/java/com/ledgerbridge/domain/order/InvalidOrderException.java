package com.ledgerbridge.domain.order;

import java.util.List;

/** An order that cannot be accepted, with every reason found (not just the first). */
public class InvalidOrderException extends IllegalArgumentException {

    private final List<String> problems;

    public InvalidOrderException(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
