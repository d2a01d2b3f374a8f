-- The free text a payment carried (Alipay passback_params, WeChat Pay attach, Stripe description): matching looks for
-- invoice and order numbers in it when out_trade_no names none.
alter table payment_event add column memo varchar(512);
