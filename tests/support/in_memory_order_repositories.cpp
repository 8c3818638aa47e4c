// Orders (with items) and licences of the in-memory database.
#include <algorithm>
#include <string>
#include <vector>

#include "support/in_memory_state.hpp"

namespace veza::testing::detail {
namespace {

using orders::Licence;
using orders::LicenceStatus;
using orders::Order;
using orders::OrderStatus;

class OrderRepository final : public orders::OrderRepository {
 public:
  OrderRepository(InMemoryDatabase::State& s, bool writable) : s_(s), writable_(writable) {}

  Result<void> insert(const Order& order) override {
    VEZA_TRY_VOID(require_writable(writable_));
    if (s_.orders.contains(order.id)) return make_error(ErrorCode::conflict, "an order with id " + order.id + " already exists");
    if (!s_.users.contains(order.buyer_id)) return make_error(ErrorCode::conflict, "order for unknown buyer " + order.buyer_id);
    for (const auto& item : order.items) {
      if (!s_.products.contains(item.product_id)) {
        return make_error(ErrorCode::conflict, "order item for unknown product " + item.product_id);
      }
    }
    // Items come back in the order they were given, like the SQL adapter's ORDER BY position.
    Order stored = order;
    for (auto& item : stored.items) item.order_id = order.id;
    s_.orders.emplace(order.id, std::move(stored));
    return ok();
  }

  Result<std::optional<Order>> find_by_id(std::string_view id) override {
    const auto it = s_.orders.find(std::string(id));
    if (it == s_.orders.end()) return std::optional<Order>{};
    return std::optional<Order>{it->second};
  }

  Result<std::optional<Order>> find_by_payment_id(std::string_view payment_id) override {
    for (const auto& [id, o] : s_.orders) {
      if (o.payment_id && *o.payment_id == payment_id) return std::optional<Order>{o};
    }
    return std::optional<Order>{};
  }

  Result<std::vector<Order>> list_by_status(OrderStatus status, Timestamp before, std::size_t limit) override {
    std::vector<Order> out;
    for (const auto& [id, o] : s_.orders) {
      if (o.status == status && o.updated_at < before) out.push_back(o);
    }
    std::sort(out.begin(), out.end(), [](const Order& a, const Order& b) {
      return a.updated_at != b.updated_at ? a.updated_at < b.updated_at : a.id < b.id;
    });
    if (out.size() > limit) out.resize(limit);
    return out;
  }

  Result<std::vector<Order>> list(std::optional<std::string_view> buyer_id, std::size_t limit,
                                  const std::optional<veza::orders::OrderKey>& after) override {
    std::vector<Order> out;
    const bool all = !buyer_id || buyer_id->empty();
    for (const auto& [id, o] : s_.orders) {
      const bool later = after && (o.created_at > after->created_at || (o.created_at == after->created_at && o.id >= after->id));
      if ((all || o.buyer_id == *buyer_id) && !later) out.push_back(o);
    }
    std::sort(out.begin(), out.end(), [](const Order& a, const Order& b) {
      return a.created_at != b.created_at ? a.created_at > b.created_at : a.id > b.id;
    });
    if (out.size() > limit) out.resize(limit);
    return out;
  }

  Result<bool> update_status(std::string_view id, OrderStatus from, OrderStatus to, Timestamp at) override {
    VEZA_TRY_VOID(require_writable(writable_));
    Order* o = find(id);
    if (!o || o->status != from) return false;
    o->status = to;
    o->updated_at = at;
    return true;
  }

  Result<bool> set_payment_id(std::string_view id, std::string_view payment_id, Timestamp at) override {
    VEZA_TRY_VOID(require_writable(writable_));
    Order* o = find(id);
    if (!o) return false;
    for (const auto& [other_id, other] : s_.orders) {  // the schema's UNIQUE(payment_id)
      if (other_id != o->id && other.payment_id && *other.payment_id == payment_id) {
        return make_error(ErrorCode::conflict, "another order already has this payment id");
      }
    }
    o->payment_id = std::string(payment_id);
    o->updated_at = at;
    return true;
  }

  Result<bool> set_refund_status(std::string_view id, orders::RefundStatus status, Timestamp at) override {
    VEZA_TRY_VOID(require_writable(writable_));
    Order* o = find(id);
    if (!o) return false;
    o->refund_status = status;
    o->updated_at = at;
    return true;
  }

 private:
  Order* find(std::string_view id) {
    const auto it = s_.orders.find(std::string(id));
    return it == s_.orders.end() ? nullptr : &it->second;
  }

  InMemoryDatabase::State& s_;
  bool writable_;
};

class LicenceRepository final : public orders::LicenceRepository {
 public:
  LicenceRepository(InMemoryDatabase::State& s, bool writable) : s_(s), writable_(writable) {}

  Result<void> insert(const Licence& licence) override {
    VEZA_TRY_VOID(require_writable(writable_));
    if (s_.licences.contains(licence.id)) {
      return make_error(ErrorCode::conflict, "a licence with id " + licence.id + " already exists");
    }
    if (!s_.users.contains(licence.user_id) || !s_.products.contains(licence.product_id) ||
        !s_.orders.contains(licence.order_id)) {
      return make_error(ErrorCode::conflict, "licence for an unknown user, product or order");
    }
    // The schema's partial unique index: one active licence per user and product.
    if (licence.status == LicenceStatus::active && active(licence.user_id, licence.product_id)) {
      return make_error(ErrorCode::conflict, "user " + licence.user_id + " already holds product " + licence.product_id);
    }
    s_.licences.emplace(licence.id, licence);
    return ok();
  }

  Result<std::optional<Licence>> find_active(std::string_view user_id, std::string_view product_id) override {
    const Licence* l = active(user_id, product_id);
    if (!l) return std::optional<Licence>{};
    return std::optional<Licence>{*l};
  }

  // One transaction at a time runs on the fakes: nothing to lock.
  Result<std::optional<Licence>> lock_active(std::string_view user_id, std::string_view product_id) override {
    return find_active(user_id, product_id);
  }

  Result<std::vector<Licence>> list_for_user(std::string_view user_id) override {
    std::vector<Licence> out;
    for (const auto& [id, l] : s_.licences) {
      if (l.user_id == user_id) out.push_back(l);
    }
    return out;
  }

  Result<std::vector<Licence>> list_for_order(std::string_view order_id) override {
    std::vector<Licence> out;
    for (const auto& [id, l] : s_.licences) {
      if (l.order_id == order_id) out.push_back(l);
    }
    return out;
  }

  Result<std::vector<Licence>> revoke_for_order(std::string_view order_id, Timestamp at) override {
    VEZA_TRY_VOID(require_writable(writable_));
    std::vector<Licence> out;
    for (auto& [id, l] : s_.licences) {
      if (l.order_id == order_id && l.status == LicenceStatus::active) {
        l.status = LicenceStatus::revoked;
        l.revoked_at = at;
        out.push_back(l);
      }
    }
    return out;
  }

  Result<std::vector<Licence>> revoke_for_order_products(std::string_view order_id,
                                                         const std::vector<std::string>& product_ids,
                                                         Timestamp at) override {
    VEZA_TRY_VOID(require_writable(writable_));
    std::vector<Licence> out;
    for (auto& [id, l] : s_.licences) {
      if (l.order_id != order_id || l.status != LicenceStatus::active) continue;
      if (std::find(product_ids.begin(), product_ids.end(), l.product_id) == product_ids.end()) continue;
      l.status = LicenceStatus::revoked;
      l.revoked_at = at;
      out.push_back(l);
    }
    return out;
  }

  Result<bool> mark_downloaded(std::string_view licence_id, Timestamp at) override {
    VEZA_TRY_VOID(require_writable(writable_));
    const auto it = s_.licences.find(std::string(licence_id));
    if (it == s_.licences.end() || it->second.first_downloaded_at) return false;
    it->second.first_downloaded_at = at;
    return true;
  }

 private:
  const Licence* active(std::string_view user_id, std::string_view product_id) const {
    for (const auto& [id, l] : s_.licences) {
      if (l.user_id == user_id && l.product_id == product_id && l.status == LicenceStatus::active) return &l;
    }
    return nullptr;
  }

  InMemoryDatabase::State& s_;
  bool writable_;
};

}  // namespace

std::unique_ptr<orders::OrderRepository> make_order_repository(InMemoryDatabase::State& s, bool writable) {
  return std::make_unique<OrderRepository>(s, writable);
}

std::unique_ptr<orders::LicenceRepository> make_licence_repository(InMemoryDatabase::State& s, bool writable) {
  return std::make_unique<LicenceRepository>(s, writable);
}

}  // namespace veza::testing::detail
