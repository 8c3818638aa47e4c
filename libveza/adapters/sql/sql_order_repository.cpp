#include "adapters/sql/sql_order_repository.hpp"

#include <limits>

#include "adapters/sql/sql_support.hpp"

namespace veza::adapters {

namespace {

constexpr const char* kColumns =
    "SELECT id, buyer_id, status, currency, total_cents, net_cents, vat_cents, payment_id, refund_status, "
    "withdrawal_waiver_at, created_at, updated_at FROM orders ";

struct OrderRow {
  std::string id, buyer_id, status, currency, payment_id, refund_status, waiver_at, created_at, updated_at;
  long long total = 0, net = 0, vat = 0;
  soci::indicator payment_ind = soci::i_ok, waiver_ind = soci::i_ok;
};

soci::details::prepare_temp_type bind(soci::details::prepare_temp_type p, OrderRow& r) {
  p, soci::into(r.id), soci::into(r.buyer_id), soci::into(r.status), soci::into(r.currency), soci::into(r.total),
      soci::into(r.net), soci::into(r.vat), soci::into(r.payment_id, r.payment_ind), soci::into(r.refund_status),
      soci::into(r.waiver_at, r.waiver_ind), soci::into(r.created_at), soci::into(r.updated_at);
  return p;
}

Result<orders::Order> to_order(const OrderRow& r) {
  orders::Order o;
  o.id = r.id;
  o.buyer_id = r.buyer_id;
  auto status = orders::parse_order_status(r.status);
  if (!status) return make_error(ErrorCode::internal, "unknown status '" + r.status + "' stored for order " + r.id);
  o.status = *status;
  auto currency = Currency::parse(r.currency);
  if (!currency) return make_error(ErrorCode::internal, "unknown currency '" + r.currency + "' stored for order " + r.id);
  o.currency = *currency;
  o.total_cents = r.total;
  o.net_cents = r.net;
  o.vat_cents = r.vat;
  o.payment_id = optional_text(r.payment_id, r.payment_ind);
  auto refund = orders::parse_refund_status(r.refund_status);
  if (!refund) return make_error(ErrorCode::internal, "unknown refund status stored for order " + r.id);
  o.refund_status = *refund;
  auto waiver = read_timestamp(r.waiver_at, r.waiver_ind, "orders.withdrawal_waiver_at");
  if (!waiver) return std::move(waiver).error();
  o.withdrawal_waiver_at = *waiver;
  auto created = read_timestamp(r.created_at, "orders.created_at");
  if (!created) return std::move(created).error();
  o.created_at = *created;
  auto updated = read_timestamp(r.updated_at, "orders.updated_at");
  if (!updated) return std::move(updated).error();
  o.updated_at = *updated;
  return o;
}

Result<std::vector<orders::Order>> collect(soci::statement& st, OrderRow& row) {
  std::vector<orders::Order> out;
  if (st.execute(true)) {
    do {
      auto o = to_order(row);
      if (!o) return std::move(o).error();
      out.push_back(std::move(*o));
    } while (st.fetch());
  }
  return out;
}

long long clamp_limit(std::size_t limit) {
  const auto max = static_cast<std::size_t>(std::numeric_limits<long long>::max());
  return static_cast<long long>(limit > max ? max : limit);
}

Result<bool> affected(soci::statement& st) {
  st.execute(true);
  return st.get_affected_rows() > 0;
}

}  // namespace

Result<void> SqlOrderRepository::insert(const orders::Order& order) {
  auto id = new_row_id(order.id, "order");
  if (!id) return std::move(id).error();
  auto buyer = uuid_key(order.buyer_id);
  if (!buyer) return make_error(ErrorCode::not_found, "no user has id " + order.buyer_id);
  for (const auto& item : order.items) {
    if (!uuid_key(item.id) || !uuid_key(item.product_id) || !uuid_key(item.seller_id)) {
      return make_error(ErrorCode::invalid_argument, "an item of order " + order.id + " has an id that is not a UUID");
    }
  }
  return guarded(
      "inserting an order",
      [&]() -> Result<void> {
        const std::string status(orders::to_string(order.status));
        const std::string currency(order.currency.code());
        const long long total = order.total_cents, net = order.net_cents, vat = order.vat_cents;
        NullableText payment = nullable(order.payment_id);
        const std::string refund(orders::to_string(order.refund_status));
        NullableText waiver = nullable(order.withdrawal_waiver_at);
        const std::string created = format_timestamp(order.created_at);
        const std::string updated = format_timestamp(order.updated_at);
        // One savepoint around the order and its items: both dialects keep all or nothing.
        return with_savepoint(sql_, [&]() -> Result<void> {
          sql_ << "INSERT INTO orders (id, buyer_id, status, currency, total_cents, net_cents, vat_cents, payment_id, "
                  "refund_status, withdrawal_waiver_at, created_at, updated_at) VALUES (:id, :buyer, :status, "
                  ":currency, :total, :net, :vat, :payment, :refund, :waiver, :created, :updated)",
              soci::use(*id), soci::use(*buyer), soci::use(status), soci::use(currency), soci::use(total), soci::use(net),
              soci::use(vat), soci::use(payment.value, payment.ind), soci::use(refund),
              soci::use(waiver.value, waiver.ind), soci::use(created), soci::use(updated);
          int position = 0;
          for (const auto& item : order.items) {
            const std::string item_id = *uuid_key(item.id), product = *uuid_key(item.product_id),
                              seller = *uuid_key(item.seller_id);
            const long long gross = item.unit_gross_cents, item_net = item.net_cents, item_vat = item.vat_cents;
            const int rate = item.vat_rate_bp;
            sql_ << "INSERT INTO order_items (id, order_id, position, product_id, seller_id, title, unit_gross_cents, "
                    "vat_rate_bp, net_cents, vat_cents) VALUES (:id, :order_id, :position, :product, :seller, :title, "
                    ":gross, :rate, :net, :vat)",
                soci::use(item_id), soci::use(*id), soci::use(position), soci::use(product), soci::use(seller),
                soci::use(item.title), soci::use(gross), soci::use(rate), soci::use(item_net), soci::use(item_vat);
            ++position;
          }
          return {};
        });
      },
      {{"payment_id", "another order already has this payment id"},
       {"order_items.order_id, order_items.product_id", "the order lists a product twice"},
       {"order_items_order_id_product_id_key", "the order lists a product twice"},
       {"orders.id", "an order with this id already exists"},
       {"orders_pkey", "an order with this id already exists"},
       {"order_items.id", "an order item with this id already exists"},
       {"order_items_pkey", "an order item with this id already exists"}});
}

Result<void> SqlOrderRepository::load_items(orders::Order& order) {
  orders::OrderItem item;
  long long gross = 0, net = 0, vat = 0;
  int rate = 0;
  soci::statement st = (sql_.prepare << "SELECT id, order_id, product_id, seller_id, title, unit_gross_cents, vat_rate_bp, "
                                        "net_cents, vat_cents FROM order_items WHERE order_id = :id ORDER BY position",
                        soci::into(item.id), soci::into(item.order_id), soci::into(item.product_id),
                        soci::into(item.seller_id), soci::into(item.title), soci::into(gross), soci::into(rate),
                        soci::into(net), soci::into(vat), soci::use(order.id));
  if (st.execute(true)) {
    do {
      item.unit_gross_cents = gross;
      item.vat_rate_bp = rate;
      item.net_cents = net;
      item.vat_cents = vat;
      order.items.push_back(item);
    } while (st.fetch());
  }
  return {};
}

Result<std::vector<orders::Order>> SqlOrderRepository::query(const std::string& where_order_limit,
                                                             const std::vector<std::string>& text_params, long long limit) {
  OrderRow row;
  std::vector<orders::Order> out;
  {
    auto p = bind(sql_.prepare << std::string(kColumns) + where_order_limit, row);
    for (const auto& param : text_params) p, soci::use(param);
    p, soci::use(limit);
    soci::statement st = p;
    auto rows = collect(st, row);
    if (!rows) return std::move(rows).error();
    out = std::move(*rows);
  }
  // Items after the orders' cursor is closed: one statement at a time on this session.
  for (auto& o : out) VEZA_TRY_VOID(load_items(o));
  return out;
}

Result<std::optional<orders::Order>> SqlOrderRepository::find_by_id(std::string_view id) {
  auto key = uuid_key(id);
  if (!key) return std::optional<orders::Order>{};
  return guarded("finding an order", [&]() -> Result<std::optional<orders::Order>> {
    auto rows = query("WHERE id = :id LIMIT :n", {*key}, 1);
    if (!rows) return std::move(rows).error();
    if (rows->empty()) return std::optional<orders::Order>{};
    return std::optional<orders::Order>{std::move(rows->front())};
  });
}

Result<std::optional<orders::Order>> SqlOrderRepository::find_by_payment_id(std::string_view payment_id) {
  return guarded("finding an order by payment id", [&]() -> Result<std::optional<orders::Order>> {
    auto rows = query("WHERE payment_id = :payment LIMIT :n", {std::string(payment_id)}, 1);
    if (!rows) return std::move(rows).error();
    if (rows->empty()) return std::optional<orders::Order>{};
    return std::optional<orders::Order>{std::move(rows->front())};
  });
}

Result<std::vector<orders::Order>> SqlOrderRepository::list_by_status(orders::OrderStatus status, Timestamp before,
                                                                      std::size_t limit) {
  const long long n = clamp_limit(limit);
  return guarded("listing orders by status", [&]() -> Result<std::vector<orders::Order>> {
    return query("WHERE status = :status AND updated_at < :before ORDER BY updated_at, id LIMIT :n",
                 {std::string(orders::to_string(status)), format_timestamp(before)}, n);
  });
}

Result<std::vector<orders::Order>> SqlOrderRepository::list(std::optional<std::string_view> buyer_id, std::size_t limit,
                                                            const std::optional<orders::OrderKey>& after) {
  const long long n = clamp_limit(limit);
  return guarded("listing orders", [&]() -> Result<std::vector<orders::Order>> {
    std::vector<std::string> conditions, params;
    if (buyer_id && !buyer_id->empty()) {
      auto key = uuid_key(*buyer_id);
      if (!key) return std::vector<orders::Order>{};
      conditions.emplace_back("buyer_id = :buyer");
      params.push_back(*key);
    }
    if (after) conditions.push_back(created_before(sql_, after->created_at, after->id, params));
    std::string where;
    for (const auto& c : conditions) where += (where.empty() ? "WHERE " : " AND ") + c;
    return query(where + " ORDER BY created_at DESC, id DESC LIMIT :n", params, n);
  });
}

Result<bool> SqlOrderRepository::update_status(std::string_view id, orders::OrderStatus from, orders::OrderStatus to,
                                               Timestamp at) {
  auto key = uuid_key(id);
  if (!key) return false;
  return guarded("updating an order's status", [&]() -> Result<bool> {
    const std::string to_s(orders::to_string(to)), from_s(orders::to_string(from)), when = format_timestamp(at);
    // The WHERE on the old status is the compare-and-set: a concurrent transition wins once.
    soci::statement st = (sql_.prepare << "UPDATE orders SET status = :to, updated_at = :at WHERE id = :id AND status = :from",
                          soci::use(to_s), soci::use(when), soci::use(*key), soci::use(from_s));
    return affected(st);
  });
}

Result<bool> SqlOrderRepository::set_payment_id(std::string_view id, std::string_view payment_id, Timestamp at) {
  auto key = uuid_key(id);
  if (!key) return false;
  return guarded(
      "setting an order's payment id",
      [&]() -> Result<bool> {
        const std::string payment(payment_id), when = format_timestamp(at);
        return with_savepoint(sql_, [&]() -> Result<bool> {
          soci::statement st = (sql_.prepare << "UPDATE orders SET payment_id = :payment, updated_at = :at WHERE id = :id",
                                soci::use(payment), soci::use(when), soci::use(*key));
          return affected(st);
        });
      },
      {{"payment_id", "another order already has this payment id"}});
}

Result<bool> SqlOrderRepository::set_refund_status(std::string_view id, orders::RefundStatus status, Timestamp at) {
  auto key = uuid_key(id);
  if (!key) return false;
  return guarded("setting an order's refund status", [&]() -> Result<bool> {
    const std::string s(orders::to_string(status)), when = format_timestamp(at);
    soci::statement st = (sql_.prepare << "UPDATE orders SET refund_status = :status, updated_at = :at WHERE id = :id",
                          soci::use(s), soci::use(when), soci::use(*key));
    return affected(st);
  });
}

}  // namespace veza::adapters
