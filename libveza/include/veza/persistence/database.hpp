#pragma once
#include <functional>
#include <optional>
#include <type_traits>
#include <utility>
#include <vector>

#include <veza/core/result.hpp>

namespace veza {
namespace identity { class UserRepository; class ApiTokenRepository; class OAuthIdentityRepository; }
namespace catalog { class ProductRepository; }
namespace orders { class OrderRepository; class LicenceRepository; }
namespace payments { class RefundRepository; class WebhookEventRepository; }
namespace invoicing { class InvoiceRepository; class DocumentSequenceRepository; class BillingProfileRepository; }
namespace reviews { class ReviewRepository; }

// One open database transaction. Every repository taken from it works inside it, so a use
// case that touches several modules commits or rolls back as one. Modules that land later add
// their repository accessor here (an additive edit) and implement it in each adapter.
class VEZA_API Transaction {
 public:
  virtual ~Transaction() = default;
  virtual identity::UserRepository& users() = 0;
  virtual identity::ApiTokenRepository& api_tokens() = 0;
  virtual catalog::ProductRepository& products() = 0;
  virtual orders::OrderRepository& orders() = 0;
  virtual orders::LicenceRepository& licences() = 0;
  virtual payments::RefundRepository& refunds() = 0;
  virtual payments::WebhookEventRepository& webhook_events() = 0;
  virtual invoicing::InvoiceRepository& invoices() = 0;
  virtual invoicing::DocumentSequenceRepository& document_sequences() = 0;
  virtual invoicing::BillingProfileRepository& billing_profiles() = 0;
  virtual reviews::ReviewRepository& reviews() = 0;
  virtual identity::OAuthIdentityRepository& oauth_identities() = 0;
  // Login sessions are stored exactly like API tokens (hash only), in their own table.
  virtual identity::ApiTokenRepository& sessions() = 0;

  // Runs `effect` once this transaction has committed, and never when it rolls back: for
  // effects outside the database (metrics counters) that must not count a change that did
  // not happen. Effects run in the order they were added, after the commit, on this thread.
  void after_commit(std::function<void()> effect) { after_commit_.push_back(std::move(effect)); }
  // For Database implementations, once the commit succeeded: the effects to run.
  std::vector<std::function<void()>> take_after_commit() noexcept { return std::exchange(after_commit_, {}); }

 private:
  std::vector<std::function<void()>> after_commit_;
};

enum class TxMode {
  read,   // a consistent read; SQLite: deferred BEGIN
  write,  // takes the write lock up front; SQLite: BEGIN IMMEDIATE, so read-then-write never fails busy
};

// Port: the unit of work. `run` begins a transaction, calls `work`, and commits when it
// succeeds, rolls back when it returns an error or throws (the exception becomes `internal`).
// After a successful commit it runs the transaction's `after_commit` effects.
class VEZA_API Database {
 public:
  virtual ~Database() = default;
  virtual Result<void> run(TxMode mode, const std::function<Result<void>(Transaction&)>& work) = 0;
};

// Runs `work(tx) -> Result<T>` in one transaction and returns its value.
template <class T, class Work>
Result<T> transact(Database& db, TxMode mode, Work&& work) {
  std::optional<T> value;
  auto r = db.run(mode, [&](Transaction& tx) -> Result<void> {
    Result<T> inner = work(tx);
    if (!inner) return std::move(inner).error();
    value.emplace(std::move(*inner));
    return {};
  });
  if (!r) return std::move(r).error();
  return std::move(*value);
}

}  // namespace veza
