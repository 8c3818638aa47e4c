#include "support/in_memory_payment_repositories.hpp"

#include <algorithm>
#include <vector>

#include "support/in_memory_state.hpp"

namespace veza::testing::detail {
namespace {

using payments::Refund;
using payments::RefundState;

class RefundRepository final : public payments::RefundRepository {
 public:
  RefundRepository(InMemoryDatabase::State& s, bool writable) : s_(s), t_(s.payments), writable_(writable) {}

  Result<void> insert(const Refund& refund) override {
    VEZA_TRY_VOID(require_writable(writable_));
    if (t_.refunds.contains(refund.id)) return make_error(ErrorCode::conflict, "a refund with this id already exists");
    if (!s_.orders.contains(refund.order_id)) return make_error(ErrorCode::conflict, "refund of an unknown order");
    for (const auto& [id, r] : t_.refunds) {
      if (r.provider_refund_id == refund.provider_refund_id) {
        return make_error(ErrorCode::conflict, "a refund with this provider refund id already exists");
      }
      // The schema's partial unique index: one pending refund per order.
      if (refund.status == RefundState::pending && r.order_id == refund.order_id && r.status == RefundState::pending) {
        return make_error(ErrorCode::conflict, "a refund of this order is already in flight");
      }
    }
    t_.refunds.emplace(refund.id, refund);
    return ok();
  }

  Result<std::optional<Refund>> find_by_id(std::string_view id) override {
    const auto it = t_.refunds.find(std::string(id));
    if (it == t_.refunds.end()) return std::optional<Refund>{};
    return std::optional<Refund>{it->second};
  }

  Result<std::optional<Refund>> find_by_provider_id(std::string_view provider_refund_id) override {
    for (const auto& [id, r] : t_.refunds) {
      if (r.provider_refund_id == provider_refund_id) return std::optional<Refund>{r};
    }
    return std::optional<Refund>{};
  }

  Result<std::vector<Refund>> list_for_order(std::string_view order_id) override {
    std::vector<Refund> out;
    for (const auto& [id, r] : t_.refunds) {
      if (r.order_id == order_id) out.push_back(r);
    }
    return out;  // ids are in creation order
  }

  Result<std::vector<Refund>> list(std::size_t limit) override {
    std::vector<Refund> out;
    for (auto it = t_.refunds.rbegin(); it != t_.refunds.rend() && out.size() < limit; ++it) out.push_back(it->second);
    return out;
  }

  Result<std::vector<Refund>> list_pending(Timestamp before, std::size_t limit) override {
    std::vector<Refund> out;
    for (const auto& [id, r] : t_.refunds) {
      if (r.status == RefundState::pending && r.updated_at < before) out.push_back(r);
    }
    std::sort(out.begin(), out.end(), [](const Refund& a, const Refund& b) { return a.updated_at < b.updated_at; });
    if (out.size() > limit) out.resize(limit);
    return out;
  }

  Result<bool> settle(std::string_view id, RefundState to, std::optional<std::string> error_code, Timestamp at) override {
    VEZA_TRY_VOID(require_writable(writable_));
    const auto it = t_.refunds.find(std::string(id));
    if (it == t_.refunds.end() || it->second.status != RefundState::pending) return false;
    it->second.status = to;
    it->second.error_code = std::move(error_code);
    it->second.updated_at = at;
    return true;
  }

 private:
  InMemoryDatabase::State& s_;
  InMemoryPaymentTables& t_;
  bool writable_;
};

class WebhookEventRepository final : public payments::WebhookEventRepository {
 public:
  WebhookEventRepository(InMemoryDatabase::State& s, bool writable) : t_(s.payments), writable_(writable) {}

  Result<bool> contains(std::string_view provider_event_id) override {
    return t_.webhook_events.contains(std::string(provider_event_id));
  }

  Result<bool> insert_once(const payments::WebhookEventRecord& event) override {
    VEZA_TRY_VOID(require_writable(writable_));
    return t_.webhook_events.emplace(event.provider_event_id, event).second;
  }

 private:
  InMemoryPaymentTables& t_;
  bool writable_;
};

}  // namespace

std::unique_ptr<payments::RefundRepository> make_refund_repository(InMemoryDatabase::State& s, bool writable) {
  return std::make_unique<RefundRepository>(s, writable);
}

std::unique_ptr<payments::WebhookEventRepository> make_webhook_event_repository(InMemoryDatabase::State& s,
                                                                              bool writable) {
  return std::make_unique<WebhookEventRepository>(s, writable);
}

}  // namespace veza::testing::detail
