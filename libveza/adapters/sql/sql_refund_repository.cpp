#include "adapters/sql/sql_refund_repository.hpp"

#include <limits>

#include "adapters/sql/sql_support.hpp"

namespace veza::adapters {
namespace {

constexpr const char* kColumns =
    "SELECT id, order_id, payment_id, provider_refund_id, kind, product_ids, amount_cents, currency, status, reason, "
    "requested_by, error_code, created_at, updated_at FROM refunds ";

struct RefundRow {
  std::string id, order_id, payment_id, provider_id, kind, product_ids, currency, status, reason, requested_by,
      error_code, created_at, updated_at;
  long long amount = 0;
  soci::indicator requested_ind = soci::i_ok, error_ind = soci::i_ok;
};

// Product ids are UUIDs (no commas), so a comma list is an unambiguous column.
std::string join_ids(const std::vector<std::string>& ids) {
  std::string out;
  for (const auto& id : ids) out += (out.empty() ? "" : ",") + id;
  return out;
}

std::vector<std::string> split_ids(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < text.size()) {
    const auto comma = text.find(',', start);
    const auto end = comma == std::string::npos ? text.size() : comma;
    if (end > start) out.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

Result<payments::Refund> to_refund(const RefundRow& r) {
  payments::Refund f;
  f.id = r.id;
  f.order_id = r.order_id;
  f.payment_id = r.payment_id;
  f.provider_refund_id = r.provider_id;
  auto kind = payments::parse_refund_kind(r.kind);
  if (!kind) return make_error(ErrorCode::internal, "unknown kind stored for refund " + r.id);
  f.kind = *kind;
  f.product_ids = split_ids(r.product_ids);
  f.amount_cents = r.amount;
  f.currency = r.currency;
  auto status = payments::parse_refund_state(r.status);
  if (!status) return make_error(ErrorCode::internal, "unknown status stored for refund " + r.id);
  f.status = *status;
  f.reason = r.reason;
  f.requested_by = optional_text(r.requested_by, r.requested_ind).value_or("");
  f.error_code = optional_text(r.error_code, r.error_ind);
  auto created = read_timestamp(r.created_at, "refunds.created_at");
  if (!created) return std::move(created).error();
  f.created_at = *created;
  auto updated = read_timestamp(r.updated_at, "refunds.updated_at");
  if (!updated) return std::move(updated).error();
  f.updated_at = *updated;
  return f;
}

long long clamp_limit(std::size_t limit) {
  const auto max = static_cast<std::size_t>(std::numeric_limits<long long>::max());
  return static_cast<long long>(limit > max ? max : limit);
}

}  // namespace

Result<std::vector<payments::Refund>> SqlRefundRepository::query(const std::string& where,
                                                                 const std::vector<std::string>& params) {
  RefundRow row;
  auto p = (sql_.prepare << std::string(kColumns) + where, soci::into(row.id), soci::into(row.order_id),
            soci::into(row.payment_id), soci::into(row.provider_id), soci::into(row.kind), soci::into(row.product_ids),
            soci::into(row.amount), soci::into(row.currency), soci::into(row.status), soci::into(row.reason),
            soci::into(row.requested_by, row.requested_ind), soci::into(row.error_code, row.error_ind),
            soci::into(row.created_at), soci::into(row.updated_at));
  for (const auto& param : params) p, soci::use(param);
  soci::statement st = p;
  std::vector<payments::Refund> out;
  if (st.execute(true)) {
    do {
      auto f = to_refund(row);
      if (!f) return std::move(f).error();
      out.push_back(std::move(*f));
    } while (st.fetch());
  }
  return out;
}

Result<void> SqlRefundRepository::insert(const payments::Refund& refund) {
  auto id = new_row_id(refund.id, "refund");
  if (!id) return std::move(id).error();
  auto order = uuid_key(refund.order_id);
  if (!order) return make_error(ErrorCode::not_found, "no order has id " + refund.order_id);
  std::optional<std::string> requested;
  if (!refund.requested_by.empty()) {
    requested = uuid_key(refund.requested_by);
    if (!requested) return make_error(ErrorCode::invalid_argument, "a refund's requester is a user id");
  }
  return guarded(
      "inserting a refund",
      [&]() -> Result<void> {
        const std::string kind(payments::to_string(refund.kind)), status(payments::to_string(refund.status));
        const std::string products = join_ids(refund.product_ids);
        const long long amount = refund.amount_cents;
        NullableText by = nullable(requested);
        NullableText error = nullable(refund.error_code);
        const std::string created = format_timestamp(refund.created_at), updated = format_timestamp(refund.updated_at);
        return with_savepoint(sql_, [&]() -> Result<void> {
          sql_ << "INSERT INTO refunds (id, order_id, payment_id, provider_refund_id, kind, product_ids, amount_cents, "
                  "currency, status, reason, requested_by, error_code, created_at, updated_at) VALUES (:id, :order_id, "
                  ":payment, :provider, :kind, :products, :amount, :currency, :status, :reason, :by, :error, :created, "
                  ":updated)",
              soci::use(*id), soci::use(*order), soci::use(refund.payment_id), soci::use(refund.provider_refund_id),
              soci::use(kind), soci::use(products), soci::use(amount), soci::use(refund.currency), soci::use(status),
              soci::use(refund.reason), soci::use(by.value, by.ind), soci::use(error.value, error.ind),
              soci::use(created), soci::use(updated);
          return {};
        });
      },
      {{"idx_refunds_one_pending", "a refund of this order is already in flight"},
       {"refunds.order_id", "a refund of this order is already in flight"},
       {"provider_refund_id", "a refund with this provider refund id already exists"}});
}

Result<std::optional<payments::Refund>> SqlRefundRepository::find_by_id(std::string_view id) {
  auto key = uuid_key(id);
  if (!key) return std::optional<payments::Refund>{};
  return guarded("finding a refund", [&]() -> Result<std::optional<payments::Refund>> {
    auto rows = query("WHERE id = :id", {*key});
    if (!rows) return std::move(rows).error();
    if (rows->empty()) return std::optional<payments::Refund>{};
    return std::optional<payments::Refund>{std::move(rows->front())};
  });
}

Result<std::optional<payments::Refund>> SqlRefundRepository::find_by_provider_id(std::string_view provider_refund_id) {
  return guarded("finding a refund", [&]() -> Result<std::optional<payments::Refund>> {
    auto rows = query("WHERE provider_refund_id = :id", {std::string(provider_refund_id)});
    if (!rows) return std::move(rows).error();
    if (rows->empty()) return std::optional<payments::Refund>{};
    return std::optional<payments::Refund>{std::move(rows->front())};
  });
}

Result<std::vector<payments::Refund>> SqlRefundRepository::list_for_order(std::string_view order_id) {
  auto key = uuid_key(order_id);
  if (!key) return std::vector<payments::Refund>{};
  return guarded("listing refunds", [&] { return query("WHERE order_id = :order_id ORDER BY created_at, id", {*key}); });
}

Result<std::vector<payments::Refund>> SqlRefundRepository::list(std::size_t limit) {
  return guarded("listing refunds", [&] {
    return query("ORDER BY created_at DESC, id DESC LIMIT " + std::to_string(clamp_limit(limit)), {});
  });
}

Result<std::vector<payments::Refund>> SqlRefundRepository::list_pending(Timestamp before, std::size_t limit) {
  return guarded("listing pending refunds", [&] {
    return query("WHERE status = 'pending' AND updated_at < :before ORDER BY updated_at, id LIMIT " +
                     std::to_string(clamp_limit(limit)),
                 {format_timestamp(before)});
  });
}

Result<bool> SqlRefundRepository::settle(std::string_view id, payments::RefundState to,
                                         std::optional<std::string> error_code, Timestamp at) {
  auto key = uuid_key(id);
  if (!key) return false;
  return guarded("settling a refund", [&]() -> Result<bool> {
    const std::string status(payments::to_string(to)), when = format_timestamp(at);
    NullableText error = nullable(error_code);
    // The WHERE on pending is the compare-and-set: a webhook and an API answer settle once.
    soci::statement st = (sql_.prepare << "UPDATE refunds SET status = :status, error_code = :error, updated_at = :at "
                                          "WHERE id = :id AND status = 'pending'",
                          soci::use(status), soci::use(error.value, error.ind), soci::use(when), soci::use(*key));
    st.execute(true);
    return st.get_affected_rows() > 0;
  });
}

}  // namespace veza::adapters
