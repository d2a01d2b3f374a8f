package com.ledgerbridge.domain.money;

import java.util.Currency;

/** Arithmetic across currencies is always a bug: conversion is an explicit business step. */
public class CurrencyMismatchException extends IllegalArgumentException {
    public CurrencyMismatchException(Currency left, Currency right) {
        super("cannot combine " + left + " with " + right);
    }
}
