#include "adapters/sql/sql_invoice_repository.hpp"

#include <limits>

#include "adapters/sql/sql_support.hpp"

namespace veza::adapters {
namespace {

using invoicing::DocumentKind;
using invoicing::StoredDocument;

struct DocRow {
  std::string id, order_id, number, issued_at, currency, content, content_sha256, pdf_sha256;
  int year = 0, ordinal = 1;
  long long sequence = 0, gross = 0;
};

// Invoices have no ordinal column; they read as ordinal 1 so both kinds share one row shape.
std::string columns(DocumentKind kind) {
  return std::string("SELECT id, order_id, number, year, sequence, ") + (kind == DocumentKind::invoice ? "1" : "ordinal") +
         ", issued_at, currency, gross_cents, content, content_sha256, pdf_sha256 FROM " +
         (kind == DocumentKind::invoice ? "invoices " : "credit_notes ");
}

soci::details::prepare_temp_type bind(soci::details::prepare_temp_type p, DocRow& r) {
  p, soci::into(r.id), soci::into(r.order_id), soci::into(r.number), soci::into(r.year), soci::into(r.sequence),
      soci::into(r.ordinal), soci::into(r.issued_at), soci::into(r.currency), soci::into(r.gross), soci::into(r.content),
      soci::into(r.content_sha256), soci::into(r.pdf_sha256);
  return p;
}

Result<StoredDocument> to_doc(DocumentKind kind, const DocRow& r) {
  StoredDocument d;
  d.id = r.id;
  d.kind = kind;
  d.order_id = r.order_id;
  d.number = r.number;
  d.year = r.year;
  d.sequence = r.sequence;
  d.ordinal = r.ordinal;
  auto at = read_timestamp(r.issued_at, "issued_at");
  if (!at) return std::move(at).error();
  d.issued_at = *at;
  auto currency = Currency::parse(r.currency);
  if (!currency) return make_error(ErrorCode::internal, "unknown currency stored for document " + r.number);
  d.currency = *currency;
  d.gross_cents = r.gross;
  d.content = r.content;
  d.content_sha256 = r.content_sha256;
  d.pdf_sha256 = r.pdf_sha256;
  return d;
}

Result<std::vector<StoredDocument>> collect(DocumentKind kind, soci::statement& st, DocRow& row) {
  std::vector<StoredDocument> out;
  if (st.execute(true)) {
    do {
      auto d = to_doc(kind, row);
      if (!d) return std::move(d).error();
      out.push_back(std::move(*d));
    } while (st.fetch());
  }
  return out;
}

struct DocParams {
  std::string id, order_id, issued_at, currency;
  long long sequence = 0, gross = 0;
};

Result<DocParams> params_of(const StoredDocument& d) {
  auto id = new_row_id(d.id, "document");
  if (!id) return std::move(id).error();
  auto order = uuid_key(d.order_id);
  if (!order) return make_error(ErrorCode::conflict, "no order with id " + d.order_id);
  return DocParams{*id, *order, format_timestamp(d.issued_at), std::string(d.currency.code()), d.sequence, d.gross_cents};
}

}  // namespace

Result<void> SqlInvoiceRepository::insert_invoice(const StoredDocument& d) {
  auto p = params_of(d);
  if (!p) return std::move(p).error();
  return guarded(
      "inserting an invoice",
      [&]() -> Result<void> {
        return with_savepoint(sql_, [&]() -> Result<void> {
          sql_ << "INSERT INTO invoices (id, order_id, number, year, sequence, issued_at, currency, gross_cents, content, "
                  "content_sha256, pdf_sha256) VALUES (:id, :order_id, :number, :year, :sequence, :issued_at, :currency, "
                  ":gross, :content, :content_sha256, :pdf_sha256)",
              soci::use(p->id), soci::use(p->order_id), soci::use(d.number), soci::use(d.year), soci::use(p->sequence),
              soci::use(p->issued_at), soci::use(p->currency), soci::use(p->gross), soci::use(d.content),
              soci::use(d.content_sha256), soci::use(d.pdf_sha256);
          return {};
        });
      },
      {{"invoices.order_id", "the order already has an invoice"},
       {"invoices_order_id_key", "the order already has an invoice"},
       {"invoices.number", "an invoice with this number already exists"},
       {"invoices_number_key", "an invoice with this number already exists"},
       {"invoices.year, invoices.sequence", "an invoice with this number already exists"},
       {"invoices_year_sequence_key", "an invoice with this number already exists"},
       {"FOREIGN KEY", "no such order"},
       {"invoices_order_id_fkey", "no such order"}});
}

Result<std::optional<StoredDocument>> SqlInvoiceRepository::find_invoice(std::string_view order_id) {
  auto key = uuid_key(order_id);
  if (!key) return std::optional<StoredDocument>{};
  return guarded("reading an invoice", [&]() -> Result<std::optional<StoredDocument>> {
    DocRow row;
    auto p = bind(sql_.prepare << columns(DocumentKind::invoice) + "WHERE order_id = :order_id", row);
    p, soci::use(*key);
    soci::statement st = p;
    auto docs = collect(DocumentKind::invoice, st, row);
    if (!docs) return std::move(docs).error();
    if (docs->empty()) return std::optional<StoredDocument>{};
    return std::optional<StoredDocument>(std::move(docs->front()));
  });
}

Result<void> SqlInvoiceRepository::insert_credit_note(const StoredDocument& d) {
  auto p = params_of(d);
  if (!p) return std::move(p).error();
  return guarded(
      "inserting a credit note",
      [&]() -> Result<void> {
        return with_savepoint(sql_, [&]() -> Result<void> {
          sql_ << "INSERT INTO credit_notes (id, order_id, invoice_id, ordinal, number, year, sequence, issued_at, "
                  "currency, gross_cents, content, content_sha256, pdf_sha256) VALUES (:id, :order_id, "
                  "(SELECT id FROM invoices WHERE order_id = :invoice_order), :ordinal, :number, :year, :sequence, "
                  ":issued_at, :currency, :gross, :content, :content_sha256, :pdf_sha256)",
              soci::use(p->id), soci::use(p->order_id), soci::use(p->order_id), soci::use(d.ordinal), soci::use(d.number),
              soci::use(d.year), soci::use(p->sequence), soci::use(p->issued_at), soci::use(p->currency),
              soci::use(p->gross), soci::use(d.content), soci::use(d.content_sha256), soci::use(d.pdf_sha256);
          return {};
        });
      },
      {{"credit_notes.order_id, credit_notes.ordinal", "the order already has a credit note with this ordinal"},
       {"credit_notes_order_id_ordinal_key", "the order already has a credit note with this ordinal"},
       {"credit_notes.number", "a credit note with this number already exists"},
       {"credit_notes_number_key", "a credit note with this number already exists"},
       {"credit_notes.year, credit_notes.sequence", "a credit note with this number already exists"},
       {"credit_notes_year_sequence_key", "a credit note with this number already exists"},
       {"credit_notes.invoice_id", "the order has no invoice to credit"},
       {"invoice_id", "the order has no invoice to credit"},
       {"FOREIGN KEY", "no such order or invoice"},
       {"credit_notes_order_id_fkey", "no such order"}});
}

Result<std::vector<StoredDocument>> SqlInvoiceRepository::list_credit_notes(std::string_view order_id) {
  auto key = uuid_key(order_id);
  if (!key) return std::vector<StoredDocument>{};
  return guarded("listing credit notes", [&]() -> Result<std::vector<StoredDocument>> {
    DocRow row;
    auto p = bind(sql_.prepare << columns(DocumentKind::credit_note) + "WHERE order_id = :order_id ORDER BY ordinal", row);
    p, soci::use(*key);
    soci::statement st = p;
    return collect(DocumentKind::credit_note, st, row);
  });
}

Result<std::vector<StoredDocument>> SqlInvoiceRepository::list(DocumentKind kind, std::optional<int> year,
                                                               std::string_view after_number, std::size_t limit) {
  const std::string after(after_number);
  const auto max = static_cast<std::size_t>(std::numeric_limits<long long>::max());
  const long long lim = static_cast<long long>(limit > max ? max : limit);
  const int y = year.value_or(0);
  return guarded("listing documents", [&]() -> Result<std::vector<StoredDocument>> {
    DocRow row;
    // Numbers are zero-padded (KIND-YYYY-NNNNNN), so text order is year, then sequence order.
    const std::string where = year ? "WHERE number > :after AND year = :year ORDER BY number LIMIT :lim"
                                   : "WHERE number > :after ORDER BY number LIMIT :lim";
    soci::details::prepare_temp_type p = bind(sql_.prepare << columns(kind) + where, row);
    p, soci::use(after);
    if (year) p, soci::use(y);
    p, soci::use(lim);
    soci::statement st = p;
    return collect(kind, st, row);
  });
}

Result<std::size_t> SqlInvoiceRepository::count(DocumentKind kind, std::optional<int> year) {
  const int y = year.value_or(0);
  return guarded("counting documents", [&]() -> Result<std::size_t> {
    long long n = 0;
    const std::string table = kind == DocumentKind::invoice ? "invoices" : "credit_notes";
    if (year) {
      sql_ << "SELECT COUNT(*) FROM " + table + " WHERE year = :year", soci::into(n), soci::use(y);
    } else {
      sql_ << "SELECT COUNT(*) FROM " + table, soci::into(n);
    }
    return static_cast<std::size_t>(n);
  });
}

Result<std::int64_t> SqlDocumentSequenceRepository::next(DocumentKind kind, int year) {
  const std::string k(invoicing::to_string(kind));
  return guarded("advancing a document sequence", [&]() -> Result<std::int64_t> {
    long long number = 0;
    sql_ << "INSERT INTO document_sequences (kind, year, next_number) VALUES (:kind, :year, 2) "
            "ON CONFLICT (kind, year) DO UPDATE SET next_number = document_sequences.next_number + 1 "
            "RETURNING next_number - 1",
        soci::use(k), soci::use(year), soci::into(number);
    if (number < 1) return make_error(ErrorCode::internal, "a document sequence returned no number");
    return static_cast<std::int64_t>(number);
  });
}

Result<void> SqlBillingProfileRepository::put(const invoicing::BillingProfile& p) {
  auto user = uuid_key(p.user_id);
  if (!user) return make_error(ErrorCode::conflict, "no user with id " + p.user_id);
  return guarded(
      "saving a billing profile",
      [&]() -> Result<void> {
        NullableText vat = nullable(p.vat_id);
        const std::string at = format_timestamp(p.updated_at);
        sql_ << "INSERT INTO billing_profiles (user_id, name, address, country, vat_id, updated_at) VALUES (:user_id, "
                ":name, :address, :country, :vat_id, :updated_at) ON CONFLICT (user_id) DO UPDATE SET name = "
                "excluded.name, address = excluded.address, country = excluded.country, vat_id = excluded.vat_id, "
                "updated_at = excluded.updated_at",
            soci::use(*user), soci::use(p.name), soci::use(p.address), soci::use(p.country), soci::use(vat.value, vat.ind),
            soci::use(at);
        return {};
      },
      {{"FOREIGN KEY", "no such user"}, {"billing_profiles_user_id_fkey", "no such user"}});
}

Result<std::optional<invoicing::BillingProfile>> SqlBillingProfileRepository::find(std::string_view user_id) {
  auto key = uuid_key(user_id);
  if (!key) return std::optional<invoicing::BillingProfile>{};
  return guarded("reading a billing profile", [&]() -> Result<std::optional<invoicing::BillingProfile>> {
    invoicing::BillingProfile p;
    std::string vat, at;
    soci::indicator vat_ind = soci::i_ok;
    sql_ << "SELECT user_id, name, address, country, vat_id, updated_at FROM billing_profiles WHERE user_id = :user_id",
        soci::into(p.user_id), soci::into(p.name), soci::into(p.address), soci::into(p.country), soci::into(vat, vat_ind),
        soci::into(at), soci::use(*key);
    if (!sql_.got_data()) return std::optional<invoicing::BillingProfile>{};
    p.vat_id = optional_text(vat, vat_ind);
    auto t = read_timestamp(at, "billing_profiles.updated_at");
    if (!t) return std::move(t).error();
    p.updated_at = *t;
    return std::optional<invoicing::BillingProfile>(std::move(p));
  });
}

}  // namespace veza::adapters
