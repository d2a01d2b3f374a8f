-- The credit-application stage looks for a customer's payments still holding credit: a partial index keeps the
-- customer's fully applied payment history out of that read, however long it grows. (H2 scans ix_payment_customer.)
create index ix_payment_credit_held on payment (customer_id, currency) where unapplied_amount > 0;
