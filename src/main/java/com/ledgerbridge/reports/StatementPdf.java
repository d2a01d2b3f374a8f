package com.ledgerbridge.reports;

import com.ledgerbridge.domain.receivables.Statement;
import com.lowagie.text.Document;
import com.lowagie.text.Element;
import com.lowagie.text.Font;
import com.lowagie.text.FontFactory;
import com.lowagie.text.PageSize;
import com.lowagie.text.Paragraph;
import com.lowagie.text.Phrase;
import com.lowagie.text.pdf.PdfPCell;
import com.lowagie.text.pdf.PdfPTable;
import com.lowagie.text.pdf.PdfWriter;
import java.io.ByteArrayOutputStream;
import java.util.List;

/** A customer statement laid out as a PDF (OpenPDF): company, customer, period, lines, balances per currency. */
final class StatementPdf {

    private static final Font TITLE = FontFactory.getFont(FontFactory.HELVETICA_BOLD, 16);
    private static final Font BOLD = FontFactory.getFont(FontFactory.HELVETICA_BOLD, 10);
    private static final Font NORMAL = FontFactory.getFont(FontFactory.HELVETICA, 10);

    private StatementPdf() {
    }

    static byte[] render(String companyName, List<Statement> statements, String customerId) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Document document = new Document(PageSize.A4, 40, 40, 40, 40);
        PdfWriter.getInstance(document, out);
        document.addTitle("Statement of account " + customerId);
        document.addCreator("Ledgerbridge");
        document.open();
        document.add(new Paragraph(companyName, TITLE));
        document.add(new Paragraph("Statement of account", BOLD));
        Statement first = statements.isEmpty() ? null : statements.get(0);
        String customer = first != null && first.customerName() != null
                ? first.customerName() + " (" + customerId + ")" : customerId;
        document.add(new Paragraph("Customer: " + customer, NORMAL));
        if (first != null) {
            document.add(new Paragraph("Period: " + first.from() + " to " + first.to(), NORMAL));
        } else {
            document.add(new Paragraph("No movements.", NORMAL));
        }
        for (Statement s : statements) {
            document.add(new Paragraph(" "));
            document.add(new Paragraph("Currency " + s.currency(), BOLD));
            PdfPTable table = new PdfPTable(new float[] {2, 3, 6, 2.5f, 2.5f});
            table.setWidthPercentage(100);
            for (String h : List.of("Date", "Kind", "Reference", "Amount", "Balance")) {
                table.addCell(cell(h, BOLD, Element.ALIGN_LEFT));
            }
            row(table, s.from().toString(), "Opening balance", "", "", ReceivablesReports.text(s.opening()));
            for (Statement.Line line : s.lines()) {
                row(table, line.movement().date().toString(), kind(line.movement().kind()),
                        line.movement().reference(), ReceivablesReports.text(line.movement().effect()),
                        ReceivablesReports.text(line.balance()));
            }
            row(table, s.to().toString(), "Closing balance", "", "", ReceivablesReports.text(s.closing()));
            document.add(table);
            document.add(new Paragraph("Invoiced " + ReceivablesReports.text(s.invoiced()) + ", paid "
                    + ReceivablesReports.text(s.paid()) + ", refunded " + ReceivablesReports.text(s.refunded())
                    + "; credit we hold for you: " + ReceivablesReports.text(s.creditHeld()) + " " + s.currency(),
                    NORMAL));
        }
        document.add(new Paragraph(" "));
        document.add(new Paragraph("If a line is not right, tell us which invoice and why: we hold reminders "
                + "for it until it is cleared.", NORMAL));
        document.close();
        return out.toByteArray();
    }

    private static String kind(com.ledgerbridge.domain.receivables.StatementMovement.Kind kind) {
        return switch (kind) {
            case INVOICE -> "Invoice";
            case PAYMENT -> "Payment";
            case REFUND -> "Refund";
        };
    }

    private static void row(PdfPTable table, String date, String kind, String reference, String amount,
                            String balance) {
        table.addCell(cell(date, NORMAL, Element.ALIGN_LEFT));
        table.addCell(cell(kind, NORMAL, Element.ALIGN_LEFT));
        table.addCell(cell(reference, NORMAL, Element.ALIGN_LEFT));
        table.addCell(cell(amount, NORMAL, Element.ALIGN_RIGHT));
        table.addCell(cell(balance, NORMAL, Element.ALIGN_RIGHT));
    }

    private static PdfPCell cell(String text, Font font, int align) {
        PdfPCell cell = new PdfPCell(new Phrase(text, font));
        cell.setHorizontalAlignment(align);
        return cell;
    }
}
