-- Ageing and reminders read open invoices only: a partial index keeps that read off the paid history, however long
-- it grows. (H2, the embedded demo, has no partial indexes; it scans.)
create index ix_invoice_open on invoice (customer_id, due_date) where gross_total > allocated_total;
