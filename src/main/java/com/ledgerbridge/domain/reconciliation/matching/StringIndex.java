package com.ledgerbridge.domain.reconciliation.matching;

/**
 * Distinct strings to their position in an array, by open addressing over a long table holding each key's hash
 * beside its position: about 16 bytes per key (the keys are the array's own strings) where a HashMap takes some
 * 50, and a probe that meets another key compares hashes without touching that key's string (one cache miss, not
 * three) — the book holds a million keys and every payment looks up a few.
 */
final class StringIndex {

    private final String[] keys;
    private final long[] slots; // (hash << 32) | (position + 1); 0 = empty
    private final int mask;

    /** @throws IllegalArgumentException naming a key given twice */
    StringIndex(String[] keys, String what) {
        this.keys = keys;
        int capacity = Integer.highestOneBit(Math.max(4, keys.length * 2 - 1)) << 1;
        this.slots = new long[capacity];
        this.mask = capacity - 1;
        for (int i = 0; i < keys.length; i++) {
            int hash = spread(keys[i].hashCode());
            int h = hash & mask;
            while (slots[h] != 0) {
                if ((int) (slots[h] >>> 32) == hash && keys[(int) slots[h] - 1].equals(keys[i])) {
                    throw new IllegalArgumentException(what + " '" + keys[i] + "' is given twice");
                }
                h = (h + 1) & mask;
            }
            slots[h] = ((long) hash << 32) | (i + 1);
        }
    }

    /** The key's position, or -1. */
    int get(String key) {
        if (key == null) {
            return -1;
        }
        int hash = spread(key.hashCode());
        int h = hash & mask;
        while (true) {
            long slot = slots[h];
            if (slot == 0) {
                return -1;
            }
            if ((int) (slot >>> 32) == hash) {
                int position = (int) slot - 1;
                if (keys[position].equals(key)) {
                    return position;
                }
            }
            h = (h + 1) & mask;
        }
    }

    private static int spread(int h) {
        return (h ^ (h >>> 16)) * 0x9E3779B1;
    }
}
