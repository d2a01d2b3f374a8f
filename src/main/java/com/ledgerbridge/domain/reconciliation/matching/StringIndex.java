package com.ledgerbridge.domain.reconciliation.matching;

/**
 * Distinct strings to their position in an array, by open addressing over an int table: about 8 bytes per key
 * (the keys are the array's own strings), where a HashMap would take some 50 — the book holds a million of them.
 */
final class StringIndex {

    private final String[] keys;
    private final int[] slots; // position + 1; 0 = empty
    private final int mask;

    /** @throws IllegalArgumentException naming a key given twice */
    StringIndex(String[] keys, String what) {
        this.keys = keys;
        int capacity = Integer.highestOneBit(Math.max(4, keys.length * 2 - 1)) << 1;
        this.slots = new int[capacity];
        this.mask = capacity - 1;
        for (int i = 0; i < keys.length; i++) {
            int h = spread(keys[i].hashCode()) & mask;
            while (slots[h] != 0) {
                if (keys[slots[h] - 1].equals(keys[i])) {
                    throw new IllegalArgumentException(what + " '" + keys[i] + "' is given twice");
                }
                h = (h + 1) & mask;
            }
            slots[h] = i + 1;
        }
    }

    /** The key's position, or -1. */
    int get(String key) {
        if (key == null) {
            return -1;
        }
        int h = spread(key.hashCode()) & mask;
        while (true) {
            int slot = slots[h];
            if (slot == 0) {
                return -1;
            }
            if (keys[slot - 1].equals(key)) {
                return slot - 1;
            }
            h = (h + 1) & mask;
        }
    }

    private static int spread(int h) {
        return (h ^ (h >>> 16)) * 0x9E3779B1;
    }
}
