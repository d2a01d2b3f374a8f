/**
 * How the stages of DESIGN.md's diagram find their work: the database is the work list. A stage
 * ({@link com.ledgerbridge.pipeline.WorkStage}) claims a batch of waiting rows with
 * {@code select … for update skip locked}, handles it in one transaction, and repeats until nothing waits.
 * A broker message on {@code work.<stage>} only wakes a stage up; a timer wakes it too, so a lost wake-up
 * costs seconds, never work. Any number of instances drain the same stage side by side.
 */
package com.ledgerbridge.pipeline;
