package com.ledgerbridge.simulators;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes Alipay trade bills ({@code bill_type=trade}) as Alipay delivers them: a zip whose entry names are GBK without
 * the UTF-8 flag, holding {@code <PID>0156_<yyyyMMdd>_业务明细(汇总).csv} (first, as seen in the wild) and
 * {@code <PID>0156_<yyyyMMdd>_业务明细.csv}, both GBK text with {@code #} header and footer lines, ids padded with a
 * trailing TAB, refunds negative. The layout follows the samples in the reference notes (§2.3).
 */
public final class AlipayTradeBillWriter {

    public static final Charset GBK = Charset.forName("GBK");
    public static final List<String> COLUMNS = List.of("支付宝交易号", "商户订单号", "业务类型", "商品名称", "创建时间",
            "完成时间", "门店编号", "门店名称", "操作员", "终端号", "对方账户", "订单金额（元）", "商家实收（元）", "支付宝红包（元）",
            "集分宝（元）", "支付宝优惠（元）", "商家优惠（元）", "券核销金额（元）", "券名称", "商家红包消费金额（元）",
            "卡消费金额（元）", "退款批次号/请求号", "服务费（元）", "分润（元）", "备注");
    private static final DateTimeFormatter CHINESE_DAY = DateTimeFormatter.ofPattern("yyyy年MM月dd日");

    private final String account;
    private final LocalDate day;
    private final List<String> rows = new ArrayList<>();
    private String header = String.join(",", COLUMNS);
    private boolean endLine = true;
    private String accountLine;

    /** @param pid the merchant's PID; the bill's account is PID + {@code 0156} */
    public AlipayTradeBillWriter(String pid, LocalDate day) {
        this.account = pid + "0156";
        this.day = day;
    }

    /** A {@code 交易} row; {@code fee} as Alipay writes 服务费 (negative when charged, e.g. {@code -0.12}). */
    public AlipayTradeBillWriter payment(String tradeNo, String outTradeNo, String amount, String fee, String finishedAt) {
        return row(tradeNo, outTradeNo, "交易", amount, "", fee, finishedAt);
    }

    /** A {@code 退款} row; {@code amount} negative, as Alipay writes it. */
    public AlipayTradeBillWriter refund(String tradeNo, String outTradeNo, String amount, String requestNo, String fee,
            String finishedAt) {
        return row(tradeNo, outTradeNo, "退款", amount, requestNo, fee, finishedAt);
    }

    public AlipayTradeBillWriter row(String tradeNo, String outTradeNo, String type, String amount, String requestNo,
            String fee, String finishedAt) {
        List<String> f = new ArrayList<>();
        f.add(tradeNo + "\t");
        f.add(outTradeNo + "\t");
        f.add(type + "\t");
        f.add("发票付款");
        f.add(finishedAt.substring(0, 17) + "00");
        f.add(finishedAt);
        f.add("\t");
        f.add("\t");
        f.add("\t");
        f.add("\t");
        f.add("*杨(137****2600)\t");
        f.add(amount);
        f.add(amount);
        f.add("0.00");
        f.add("0.00");
        f.add("0.00");
        f.add("0.00");
        f.add("0.00");
        f.add("");
        f.add("0.00\t");
        f.add("0.00");
        f.add(requestNo.isEmpty() ? "\t" : requestNo + "\t");
        f.add(fee);
        f.add("0.00");
        f.add("备注 " + outTradeNo);
        rows.add(String.join(",", f));
        return this;
    }

    /** A row written verbatim (a broken one, say). */
    public AlipayTradeBillWriter rawRow(String line) {
        rows.add(line);
        return this;
    }

    /** Another column header line (reordered columns, say). */
    public AlipayTradeBillWriter header(String headerLine) {
        this.header = headerLine;
        return this;
    }

    /** Leaves out the {@code 业务明细列表结束} line (a bill cut short). */
    public AlipayTradeBillWriter withoutEndLine() {
        this.endLine = false;
        return this;
    }

    /** Replaces the {@code #账号} line ({@code null}: no such line). */
    public AlipayTradeBillWriter accountLine(String line) {
        this.accountLine = line == null ? "" : line;
        return this;
    }

    public String detailName() {
        return account + "_" + day.format(DateTimeFormatter.BASIC_ISO_DATE) + "_业务明细.csv";
    }

    public String summaryName() {
        return account + "_" + day.format(DateTimeFormatter.BASIC_ISO_DATE) + "_业务明细(汇总).csv";
    }

    public String zipName() {
        return account + "_" + day.format(DateTimeFormatter.BASIC_ISO_DATE) + ".csv.zip";
    }

    /** The detail member's text. */
    public String detail() {
        StringBuilder text = new StringBuilder();
        text.append("#支付宝业务明细查询\n");
        if (accountLine == null) {
            text.append("#账号：[").append(account).append("]\n");
        } else if (!accountLine.isEmpty()) {
            text.append(accountLine).append('\n');
        }
        text.append("#起始日期：[").append(day.format(CHINESE_DAY)).append(" 00:00:00]   终止日期：[")
                .append(day.plusDays(1).format(CHINESE_DAY)).append(" 00:00:00]\n");
        text.append("#-----------------------------------------业务明细列表----------------------------------------\n");
        text.append(header).append('\n');
        rows.forEach(row -> text.append(row).append('\n'));
        if (endLine) {
            text.append("#-----------------------------------------业务明细列表结束------------------------------------\n");
            text.append("#交易合计：").append(rows.size()).append("笔，商家实收共0.00元，商家优惠共0.00元\n");
            text.append("#退款合计：0笔，商家实收退款共0.00元，商家优惠退款共0.00元\n");
            text.append("#导出时间：[").append(day.plusDays(1).format(CHINESE_DAY)).append(" 06:27:10]\n");
        }
        return text.toString();
    }

    /** The summary member's text (its content is never read). */
    public String summary() {
        return "#支付宝业务汇总查询\n#账号：[" + account + "]\n"
                + "#----------------------------------------业务汇总列表----------------------------------------\n"
                + "门店编号,门店名称,交易订单总笔数,退款订单总笔数,订单金额（元）,商家实收（元）,支付宝优惠（元）,商家优惠（元）,卡消费金额（元）,服务费（元）,分润（元）,实收净额（元）\n"
                + "合计,," + rows.size() + ",0,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00\n"
                + "#-------------------------------------业务汇总列表结束-----------------------------------\n";
    }

    /** The zip as Alipay delivers it: summary first, then the detail, names and text in GBK. */
    public byte[] zip() {
        return zip(GBK, true, true);
    }

    /**
     * @param contentCharset how the members' text is encoded (Alipay: GBK)
     * @param withSummary    include the summary member (first)
     * @param withDetail     include the detail member
     */
    public byte[] zip(Charset contentCharset, boolean withSummary, boolean withDetail) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        writeZip(bytes, contentCharset, withSummary, withDetail);
        return bytes.toByteArray();
    }

    public void writeZip(OutputStream out, Charset contentCharset, boolean withSummary, boolean withDetail) {
        // a ZipOutputStream with a charset other than UTF-8 writes names in it and leaves the UTF-8 flag off
        try (ZipOutputStream zip = new ZipOutputStream(out, GBK)) {
            if (withSummary) {
                zip.putNextEntry(new ZipEntry(summaryName()));
                zip.write(summary().getBytes(contentCharset));
                zip.closeEntry();
            }
            if (withDetail) {
                zip.putNextEntry(new ZipEntry(detailName()));
                zip.write(detail().getBytes(contentCharset));
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
