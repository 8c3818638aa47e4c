#include <veza/invoicing/document.hpp>

#include <array>
#include <chrono>
#include <exception>
#include <map>

#include <boost/json.hpp>
#include <openssl/evp.h>

namespace veza::invoicing {
namespace bj = boost::json;

std::string_view to_string(DocumentKind kind) noexcept {
  return kind == DocumentKind::invoice ? "invoice" : "credit_note";
}

std::optional<DocumentKind> parse_document_kind(std::string_view text) noexcept {
  if (text == "invoice") return DocumentKind::invoice;
  if (text == "credit_note") return DocumentKind::credit_note;
  return std::nullopt;
}

std::string_view to_string(Locale locale) noexcept { return locale == Locale::fr ? "fr" : "en"; }

std::optional<Locale> parse_locale(std::string_view text) noexcept {
  if (text == "fr") return Locale::fr;
  if (text == "en") return Locale::en;
  return std::nullopt;
}

std::string document_number(DocumentKind kind, int year, std::int64_t sequence) {
  std::string seq = std::to_string(sequence);
  if (seq.size() < 6) seq.insert(0, 6 - seq.size(), '0');
  return std::string(kind == DocumentKind::invoice ? "VEZA-" : "AV-") + std::to_string(year) + "-" + seq;
}

namespace {

std::chrono::year_month_day ymd_of(Timestamp t) noexcept {
  return std::chrono::year_month_day{std::chrono::floor<std::chrono::days>(t)};
}

std::string two(unsigned v) { return (v < 10 ? "0" : "") + std::to_string(v); }

// Groups the digits of a non-negative integer by thousands with `sep`.
std::string grouped(std::uint64_t v, char sep) {
  std::string digits = std::to_string(v);
  std::string out;
  const std::size_t n = digits.size();
  for (std::size_t i = 0; i < n; ++i) {
    if (i != 0 && (n - i) % 3 == 0) out.push_back(sep);
    out.push_back(digits[i]);
  }
  return out;
}

std::string_view symbol(const Currency& c) {
  if (c.code() == "EUR") return "\xE2\x82\xAC";  // €
  if (c.code() == "GBP") return "\xC2\xA3";      // £
  if (c.code() == "USD") return "$";
  return {};
}

}  // namespace

int utc_year(Timestamp t) noexcept { return static_cast<int>(ymd_of(t).year()); }

std::string format_date(Timestamp t, Locale locale) {
  const auto d = ymd_of(t);
  const std::string y = std::to_string(static_cast<int>(d.year()));
  const std::string m = two(static_cast<unsigned>(d.month()));
  const std::string day = two(static_cast<unsigned>(d.day()));
  return locale == Locale::fr ? day + "/" + m + "/" + y : y + "-" + m + "-" + day;
}

std::string format_amount(std::int64_t minor_units, const Currency& currency, Locale locale) {
  const bool negative = minor_units < 0;
  // Magnitude in unsigned arithmetic, so INT64_MIN has one too.
  const std::uint64_t abs = negative ? 0 - static_cast<std::uint64_t>(minor_units) : static_cast<std::uint64_t>(minor_units);
  std::uint64_t scale = 1;
  for (int i = 0; i < currency.minor_digits(); ++i) scale *= 10;
  const char group = locale == Locale::fr ? ' ' : ',';
  const char decimal = locale == Locale::fr ? ',' : '.';
  std::string number = grouped(abs / scale, group);
  if (currency.minor_digits() > 0) {
    std::string frac = std::to_string(abs % scale);
    frac.insert(0, static_cast<std::size_t>(currency.minor_digits()) - frac.size(), '0');
    number += decimal + frac;
  }
  const std::string sign = negative ? "-" : "";
  const std::string_view sym = symbol(currency);
  if (locale == Locale::fr) return sign + number + " " + std::string(sym.empty() ? currency.code() : sym);
  if (sym.empty()) return sign + std::string(currency.code()) + " " + number;
  return sign + std::string(sym) + number;
}

std::string format_rate(std::int32_t rate_bp, Locale locale) {
  std::string out = std::to_string(rate_bp / 100);
  const int frac = rate_bp % 100;
  if (frac != 0) {
    out += locale == Locale::fr ? ',' : '.';
    out += frac % 10 == 0 ? std::to_string(frac / 10) : two(static_cast<unsigned>(frac));
  }
  return out + (locale == Locale::fr ? " %" : "%");
}

std::vector<VatBreakdownRow> vat_breakdown(const std::vector<DocumentLine>& lines) {
  std::map<std::int32_t, VatBreakdownRow> by_rate;
  for (const auto& l : lines) {
    auto& row = by_rate[l.vat_rate_bp];
    row.rate_bp = l.vat_rate_bp;
    row.net_cents += l.net_cents;
    row.vat_cents += l.vat_cents;
    row.gross_cents += l.gross_cents;
  }
  std::vector<VatBreakdownRow> out;
  for (auto& [rate, row] : by_rate) out.push_back(row);
  return out;
}

namespace {

bj::object party_json(const Party& p) {
  return {{"name", p.name}, {"address", p.address}, {"country", p.country}, {"email", p.email}, {"vat_id", p.vat_id}};
}

Party party_from(const bj::value& v) {
  const auto& o = v.as_object();
  Party p;
  p.name = bj::value_to<std::string>(o.at("name"));
  p.address = bj::value_to<std::string>(o.at("address"));
  p.country = bj::value_to<std::string>(o.at("country"));
  p.email = bj::value_to<std::string>(o.at("email"));
  p.vat_id = bj::value_to<std::string>(o.at("vat_id"));
  return p;
}

std::int64_t int_at(const bj::object& o, std::string_view key) { return o.at(key).to_number<std::int64_t>(); }

std::int32_t rate_at(const bj::object& o, std::string_view key) {
  const std::int64_t v = int_at(o, key);
  if (v < 0 || v > 10000) throw std::out_of_range("VAT rate out of range");
  return static_cast<std::int32_t>(v);
}

Timestamp time_at(const bj::object& o, std::string_view key) {
  auto t = parse_timestamp(bj::value_to<std::string>(o.at(key)));
  if (!t) throw std::invalid_argument("bad timestamp");
  return *t;
}

}  // namespace

std::string encode_snapshot(const DocumentSnapshot& s) {
  bj::array lines;
  for (const auto& l : s.lines) {
    lines.push_back(bj::object{{"position", l.position},
                               {"title", l.title},
                               {"artist", l.artist},
                               {"quantity", l.quantity},
                               {"unit_net_cents", l.unit_net_cents},
                               {"vat_rate_bp", l.vat_rate_bp},
                               {"net_cents", l.net_cents},
                               {"vat_cents", l.vat_cents},
                               {"gross_cents", l.gross_cents}});
  }
  bj::array breakdown;
  for (const auto& r : s.breakdown) {
    breakdown.push_back(bj::object{
        {"vat_rate_bp", r.rate_bp}, {"net_cents", r.net_cents}, {"vat_cents", r.vat_cents}, {"gross_cents", r.gross_cents}});
  }
  bj::object o{{"kind", to_string(s.kind)},
               {"number", s.number},
               {"issued_at", format_timestamp(s.issued_at)},
               {"order_id", s.order_id},
               {"seller", party_json(s.seller)},
               {"buyer", party_json(s.buyer)},
               {"lines", std::move(lines)},
               {"breakdown", std::move(breakdown)},
               {"net_cents", s.net_cents},
               {"vat_cents", s.vat_cents},
               {"gross_cents", s.gross_cents},
               {"currency", s.currency.code()},
               {"payment_reference", s.payment_reference},
               {"footer", s.footer},
               {"locale", to_string(s.locale)},
               {"invoice_number", s.invoice_number},
               {"invoice_issued_at", s.invoice_issued_at ? bj::value(format_timestamp(*s.invoice_issued_at)) : bj::value()}};
  return bj::serialize(o);
}

Result<DocumentSnapshot> decode_snapshot(std::string_view content) {
  const auto corrupt = [](std::string_view why) {
    return make_error(ErrorCode::internal, "a stored document's content is corrupt: " + std::string(why));
  };
  try {
    const bj::value v = bj::parse(content);
    const auto& o = v.as_object();
    DocumentSnapshot s;
    auto kind = parse_document_kind(bj::value_to<std::string>(o.at("kind")));
    if (!kind) return corrupt("unknown kind");
    s.kind = *kind;
    s.number = bj::value_to<std::string>(o.at("number"));
    s.issued_at = time_at(o, "issued_at");
    s.order_id = bj::value_to<std::string>(o.at("order_id"));
    s.seller = party_from(o.at("seller"));
    s.buyer = party_from(o.at("buyer"));
    for (const auto& lv : o.at("lines").as_array()) {
      const auto& l = lv.as_object();
      s.lines.push_back(DocumentLine{static_cast<int>(int_at(l, "position")), bj::value_to<std::string>(l.at("title")), bj::value_to<std::string>(l.at("artist")),
                                     int_at(l, "quantity"), int_at(l, "unit_net_cents"), rate_at(l, "vat_rate_bp"),
                                     int_at(l, "net_cents"), int_at(l, "vat_cents"), int_at(l, "gross_cents")});
    }
    for (const auto& rv : o.at("breakdown").as_array()) {
      const auto& r = rv.as_object();
      s.breakdown.push_back(
          VatBreakdownRow{rate_at(r, "vat_rate_bp"), int_at(r, "net_cents"), int_at(r, "vat_cents"), int_at(r, "gross_cents")});
    }
    s.net_cents = int_at(o, "net_cents");
    s.vat_cents = int_at(o, "vat_cents");
    s.gross_cents = int_at(o, "gross_cents");
    auto currency = Currency::parse(bj::value_to<std::string>(o.at("currency")));
    if (!currency) return corrupt("unknown currency");
    s.currency = *currency;
    s.payment_reference = bj::value_to<std::string>(o.at("payment_reference"));
    s.footer = bj::value_to<std::string>(o.at("footer"));
    auto locale = parse_locale(bj::value_to<std::string>(o.at("locale")));
    if (!locale) return corrupt("unknown locale");
    s.locale = *locale;
    s.invoice_number = bj::value_to<std::string>(o.at("invoice_number"));
    if (!o.at("invoice_issued_at").is_null()) s.invoice_issued_at = time_at(o, "invoice_issued_at");
    return s;
  } catch (const std::exception& e) {
    return corrupt(e.what());
  }
}

std::string sha256_hex(std::string_view data) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int len = 0;
  // EVP_Digest fails only when OpenSSL cannot allocate; an empty hash then matches nothing.
  if (EVP_Digest(data.data(), data.size(), digest.data(), &len, EVP_sha256(), nullptr) != 1) return {};
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(len * 2);
  for (unsigned int i = 0; i < len; ++i) {
    out.push_back(kHex[digest[i] >> 4]);
    out.push_back(kHex[digest[i] & 0xF]);
  }
  return out;
}

}  // namespace veza::invoicing
