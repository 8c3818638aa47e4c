#include "adapters/pdf/qpdf_document_renderer.hpp"

#include <charconv>
#include <chrono>
#include <exception>
#include <vector>

#include <qpdf/QPDF.hh>
#include <qpdf/QPDFObjectHandle.hh>
#include <qpdf/QPDFPageDocumentHelper.hh>
#include <qpdf/QPDFPageObjectHelper.hh>
#include <qpdf/QPDFWriter.hh>

#include "adapters/pdf/win_ansi.hpp"

namespace veza::adapters {
namespace {

using invoicing::DocumentKind;
using invoicing::DocumentSnapshot;
using invoicing::Locale;

// A4 in points, and the layout grid.
constexpr double kPageWidth = 595.28;
constexpr double kPageHeight = 841.89;
constexpr double kLeft = 50;
constexpr double kRight = 545;
constexpr double kTop = 800;
constexpr double kFooterTop = 80;  // body stops here; the legal footer and page number go below
constexpr double kBody = 9;
constexpr double kSmall = 7.5;
constexpr double kLead = 11;
// Table columns: description on the left, amounts right-aligned at these x positions.
constexpr double kDescWidth = 215;
constexpr double kColQty = 300;
constexpr double kColUnit = 370;
constexpr double kColRate = 415;
constexpr double kColVat = 475;
constexpr double kColTotal = kRight;

struct Labels {
  const char *invoice, *credit_note, *number, *date, *order, *payment, *original, *of, *bill_to, *vat_no, *desc,
      *qty, *unit, *rate, *vat, *total, *artist, *base, *total_net, *total_vat, *total_gross, *page, *continued,
      *breakdown;
};
constexpr Labels kFr = {"FACTURE", "AVOIR", "N\xB0", "Date", "Commande", "R\xE9" "f. paiement", "Facture d'origine",
                        "du", "Client", "N\xB0 TVA", "D\xE9signation", "Qt\xE9", "P.U. HT", "TVA", "Montant TVA",
                        "Total TTC", "Artiste", "Base HT", "Total HT", "Total TVA", "Total TTC", "Page", "(suite)",
                        "R\xE9" "capitulatif TVA"};
constexpr Labels kEn = {"INVOICE", "CREDIT NOTE", "No.", "Date", "Order", "Payment ref.", "Original invoice", "of",
                        "Bill to", "VAT no.", "Description", "Qty", "Unit net", "VAT", "VAT amount", "Total incl. VAT",
                        "Artist", "Net", "Total net", "Total VAT", "Total incl. VAT", "Page", "(continued)",
                        "VAT breakdown"};

void num(std::string& out, double v) {
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, 2);
  out.append(buf, ec == std::errc{} ? end : buf);
}

// Draws pages top-down; a new page starts when the next block would run into the footer.
class Canvas {
 public:
  Canvas(const DocumentSnapshot& s, const Labels& l) : s_(s), l_(l) { new_page(); }

  // Text in WinAnsi at (x, y); `right` aligns its end at x.
  void text(double x, double ty, std::string_view win, double size, bool bold = false, bool right = false) {
    if (right) x -= pdf::text_width(win, size, bold);
    std::string& c = pages_[cur_];
    c += "BT /";
    c += bold ? "F2 " : "F1 ";
    num(c, size);
    c += " Tf ";
    num(c, x);
    c += ' ';
    num(c, ty);
    c += " Td ";
    pdf::append_pdf_string(c, win);
    c += " Tj ET\n";
  }
  void utf8(double x, double ty, std::string_view s, double size, bool bold = false, bool right = false) {
    text(x, ty, pdf::to_win_ansi(s), size, bold, right);
  }
  void rule(double ry) {
    std::string& c = pages_[cur_];
    c += "0.5 w ";
    num(c, kLeft);
    c += ' ';
    num(c, ry);
    c += " m ";
    num(c, kRight);
    c += ' ';
    num(c, ry);
    c += " l S\n";
  }
  void gray(bool on) { pages_[cur_] += on ? "0.35 g\n" : "0 g\n"; }

  double y = kTop;
  // Makes room for `height` points, continuing on a new page (with the table head) if needed.
  void need(double height, bool table_head) {
    if (y - height >= kFooterTop) return;
    new_page();
    continuation_header();
    if (table_head) table_header();
  }
  void table_header() {
    text(kLeft, y, l_.desc, kBody, true);
    text(kColQty, y, l_.qty, kBody, true, true);
    text(kColUnit, y, l_.unit, kBody, true, true);
    text(kColRate, y, l_.rate, kBody, true, true);
    text(kColVat, y, l_.vat, kBody, true, true);
    text(kColTotal, y, l_.total, kBody, true, true);
    rule(y - 4);
    y -= kLead + 6;
  }
  // The legal footer and "Page i / n" on every page, once the page count is known.
  std::vector<std::string> finish(const std::string& footer) {
    const std::vector<std::string> footer_lines = pdf::wrap(footer, kRight - kLeft, kSmall, false);
    const std::string total = std::to_string(pages_.size());
    for (cur_ = 0; cur_ < pages_.size(); ++cur_) {
      double fy = kFooterTop - 14;
      for (const auto& line : footer_lines) {
        if (line.empty()) continue;
        text(kLeft, fy, line, kSmall);
        fy -= 9;
      }
      text(kRight, 30, std::string(l_.page) + " " + std::to_string(cur_ + 1) + " / " + total, kSmall, false, true);
    }
    return std::move(pages_);
  }

 private:
  void new_page() {
    pages_.emplace_back();
    cur_ = pages_.size() - 1;
    y = kTop;
  }
  void continuation_header() {
    const std::string title = std::string(s_.kind == DocumentKind::invoice ? l_.invoice : l_.credit_note) + " " +
                              pdf::to_win_ansi(s_.number) + " " + l_.continued;
    text(kLeft, y, title, 11, true);
    y -= 2 * kLead;
  }

  const DocumentSnapshot& s_;
  const Labels& l_;
  std::vector<std::string> pages_;
  std::size_t cur_ = 0;
};

std::string pdf_date(Timestamp t) {
  const auto days = std::chrono::floor<std::chrono::days>(t);
  const std::chrono::year_month_day d{days};
  const std::chrono::hh_mm_ss hms{std::chrono::floor<std::chrono::seconds>(t - days)};
  const auto two = [](long v) { return (v < 10 ? "0" : "") + std::to_string(v); };
  return "D:" + std::to_string(static_cast<int>(d.year())) + two(static_cast<unsigned>(d.month())) +
         two(static_cast<unsigned>(d.day())) + two(hms.hours().count()) + two(hms.minutes().count()) +
         two(hms.seconds().count()) + "Z";
}

void draw_party_lines(Canvas& c, double x, const std::string& address, const std::string& extra) {
  for (const auto& line : pdf::wrap(pdf::to_win_ansi(address), 240, kBody, false)) {
    c.text(x, c.y, line, kBody);
    c.y -= kLead;
  }
  if (!extra.empty()) {
    c.text(x, c.y, extra, kBody);
    c.y -= kLead;
  }
}

std::vector<std::string> layout(const DocumentSnapshot& s) {
  const Labels& l = s.locale == Locale::fr ? kFr : kEn;
  const bool credit = s.kind == DocumentKind::credit_note;
  // A credit note states the credited amounts as negatives, as accountants book them.
  const auto money = [&](std::int64_t v) {
    return pdf::to_win_ansi(invoicing::format_amount(credit ? -v : v, s.currency, s.locale));
  };
  Canvas c(s, l);
  const std::string vat_label = std::string(l.vat_no) + " : ";

  // Seller (supplier of record), top left; document identity, top right.
  c.utf8(kLeft, c.y, s.seller.name, 12, true);
  c.text(kRight, c.y, credit ? l.credit_note : l.invoice, 16, true, true);
  c.y -= kLead + 3;
  const double head = c.y;
  draw_party_lines(c, kLeft, s.seller.address, s.seller.vat_id.empty() ? "" : vat_label + pdf::to_win_ansi(s.seller.vat_id));
  const double after_seller = c.y;
  c.y = head;
  const auto field = [&](const char* label, const std::string& value) {
    c.text(330, c.y, std::string(label) + " :", kBody, true);
    c.utf8(kRight, c.y, value, kBody, false, true);
    c.y -= kLead;
  };
  field(l.number, s.number);
  field(l.date, invoicing::format_date(s.issued_at, s.locale));
  field(l.order, s.order_id);
  if (!s.payment_reference.empty()) field(l.payment, s.payment_reference);
  if (credit) {
    std::string ref = s.invoice_number;
    if (s.invoice_issued_at) ref += " " + std::string(l.of) + " " + invoicing::format_date(*s.invoice_issued_at, s.locale);
    field(l.original, ref);
  }
  c.y = std::min(c.y, after_seller) - kLead;

  // Buyer.
  c.text(kLeft, c.y, l.bill_to, kBody, true);
  c.y -= kLead;
  c.utf8(kLeft, c.y, s.buyer.name, kBody);
  c.y -= kLead;
  std::string address = s.buyer.address;
  if (!s.buyer.country.empty()) address += (address.empty() ? "" : "\n") + s.buyer.country;
  if (!s.buyer.email.empty()) address += (address.empty() ? "" : "\n") + s.buyer.email;
  draw_party_lines(c, kLeft, address, s.buyer.vat_id.empty() ? "" : vat_label + pdf::to_win_ansi(s.buyer.vat_id));
  c.y -= kLead;

  c.table_header();
  for (const auto& line : s.lines) {
    const auto title = pdf::wrap(pdf::to_win_ansi(line.title), kDescWidth, kBody, false);
    const std::string artist = line.artist.empty() ? "" : std::string(l.artist) + " : " + pdf::to_win_ansi(line.artist);
    const auto artist_lines = pdf::wrap(artist, kDescWidth, kSmall, false);
    c.need(static_cast<double>(title.size() + artist_lines.size()) * kLead + 4, true);
    c.text(kColQty, c.y, std::to_string(line.quantity), kBody, false, true);
    c.text(kColUnit, c.y, money(line.unit_net_cents), kBody, false, true);
    c.text(kColRate, c.y, pdf::to_win_ansi(invoicing::format_rate(line.vat_rate_bp, s.locale)), kBody, false, true);
    c.text(kColVat, c.y, money(line.vat_cents), kBody, false, true);
    c.text(kColTotal, c.y, money(line.gross_cents), kBody, false, true);
    for (const auto& t : title) {
      c.text(kLeft, c.y, t, kBody);
      c.y -= kLead;
    }
    if (!artist.empty()) {
      c.gray(true);
      for (const auto& a : artist_lines) {
        c.text(kLeft, c.y + 1, a, kSmall);
        c.y -= kLead - 1;
      }
      c.gray(false);
    }
    c.y -= 4;
  }
  c.rule(c.y + 6);

  // The VAT breakdown and the totals stay together, on the last page.
  c.need(static_cast<double>(s.breakdown.size() + 6) * kLead + 10, false);
  c.y -= kLead;
  c.text(kLeft, c.y, l.breakdown, kBody, true);
  c.y -= kLead;
  c.text(kLeft, c.y, l.rate, kBody, true);
  c.text(kColUnit - 60, c.y, l.base, kBody, true, true);
  c.text(kColUnit + 20, c.y, l.vat, kBody, true, true);
  c.y -= kLead;
  for (const auto& r : s.breakdown) {
    c.text(kLeft, c.y, pdf::to_win_ansi(invoicing::format_rate(r.rate_bp, s.locale)), kBody);
    c.text(kColUnit - 60, c.y, money(r.net_cents), kBody, false, true);
    c.text(kColUnit + 20, c.y, money(r.vat_cents), kBody, false, true);
    c.y -= kLead;
  }
  c.y -= 4;
  const auto total = [&](const char* label, std::int64_t v, bool bold) {
    c.text(kColVat, c.y, label, kBody, bold, true);
    c.text(kColTotal, c.y, money(v), kBody, bold, true);
    c.y -= kLead;
  };
  total(l.total_net, s.net_cents, false);
  total(l.total_vat, s.vat_cents, false);
  total(l.total_gross, s.gross_cents, true);
  return c.finish(pdf::to_win_ansi(s.footer));
}

}  // namespace

Result<std::string> QpdfDocumentRenderer::render(const DocumentSnapshot& snapshot) {
  try {
    const std::vector<std::string> pages = layout(snapshot);
    QPDF q;
    q.setSuppressWarnings(true);  // the library never prints
    q.emptyPDF();
    auto font = [&](const char* base) {
      auto f = QPDFObjectHandle::newDictionary();
      f.replaceKey("/Type", QPDFObjectHandle::newName("/Font"));
      f.replaceKey("/Subtype", QPDFObjectHandle::newName("/Type1"));
      f.replaceKey("/BaseFont", QPDFObjectHandle::newName(base));
      f.replaceKey("/Encoding", QPDFObjectHandle::newName("/WinAnsiEncoding"));
      return q.makeIndirectObject(f);
    };
    auto fonts = QPDFObjectHandle::newDictionary();
    fonts.replaceKey("/F1", font("/Helvetica"));
    fonts.replaceKey("/F2", font("/Helvetica-Bold"));
    auto resources = QPDFObjectHandle::newDictionary();
    resources.replaceKey("/Font", fonts);
    resources = q.makeIndirectObject(resources);
    auto media = QPDFObjectHandle::newArray(QPDFObjectHandle::Rectangle(0, 0, kPageWidth, kPageHeight));
    QPDFPageDocumentHelper doc(q);
    for (const auto& content : pages) {
      auto page = QPDFObjectHandle::newDictionary();
      page.replaceKey("/Type", QPDFObjectHandle::newName("/Page"));
      page.replaceKey("/MediaBox", media);
      page.replaceKey("/Resources", resources);
      page.replaceKey("/Contents", QPDFObjectHandle::newStream(&q, content));
      doc.addPage(QPDFPageObjectHelper(q.makeIndirectObject(page)), false);
    }
    const std::string when = pdf_date(snapshot.issued_at);
    auto info = QPDFObjectHandle::newDictionary();
    info.replaceKey("/Title", QPDFObjectHandle::newUnicodeString(snapshot.number));
    info.replaceKey("/Author", QPDFObjectHandle::newUnicodeString(snapshot.seller.name));
    info.replaceKey("/Subject", QPDFObjectHandle::newUnicodeString(
                                    std::string(snapshot.kind == DocumentKind::invoice ? "Invoice" : "Credit note") +
                                    " for order " + snapshot.order_id));
    info.replaceKey("/Creator", QPDFObjectHandle::newString("Veza"));
    info.replaceKey("/CreationDate", QPDFObjectHandle::newString(when));
    info.replaceKey("/ModDate", QPDFObjectHandle::newString(when));
    q.getTrailer().replaceKey("/Info", q.makeIndirectObject(info));

    QPDFWriter w(q);
    w.setOutputMemory();
    w.setDeterministicID(true);  // /ID from the content: same document, same bytes
    w.setCompressStreams(true);
    w.write();
    auto buffer = w.getBufferSharedPointer();
    return std::string(reinterpret_cast<const char*>(buffer->getBuffer()), buffer->getSize());
  } catch (const std::exception& e) {
    return make_error(ErrorCode::internal, "rendering " + snapshot.number + " as PDF failed: " + e.what());
  }
}

}  // namespace veza::adapters
