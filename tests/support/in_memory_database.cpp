#include "support/in_memory_database.hpp"

#include <exception>
#include <stdexcept>
#include <string>
#include <utility>

#include "support/in_memory_state.hpp"

namespace veza::testing {
namespace {

// One transaction over a private copy of the state.
class InMemoryTransaction final : public Transaction {
 public:
  InMemoryTransaction(InMemoryDatabase::State& s, bool writable)
      : users_(detail::make_user_repository(s, writable)),
        api_tokens_(detail::make_api_token_repository(s, writable)),
        products_(detail::make_product_repository(s, writable)),
        orders_(detail::make_order_repository(s, writable)),
        licences_(detail::make_licence_repository(s, writable)),
        refunds_(detail::make_refund_repository(s, writable)),
        webhook_events_(detail::make_webhook_event_repository(s, writable)),
        invoices_(detail::make_invoice_repository(s, writable)),
        document_sequences_(detail::make_document_sequence_repository(s, writable)),
        billing_profiles_(detail::make_billing_profile_repository(s, writable)),
        reviews_(detail::make_review_repository(s, writable)),
        oauth_identities_(detail::make_oauth_identity_repository(s, writable)),
        sessions_(detail::make_session_repository(s, writable)) {}

  identity::UserRepository& users() override { return *users_; }
  identity::ApiTokenRepository& api_tokens() override { return *api_tokens_; }
  catalog::ProductRepository& products() override { return *products_; }
  orders::OrderRepository& orders() override { return *orders_; }
  orders::LicenceRepository& licences() override { return *licences_; }
  payments::RefundRepository& refunds() override { return *refunds_; }
  payments::WebhookEventRepository& webhook_events() override { return *webhook_events_; }
  invoicing::InvoiceRepository& invoices() override { return *invoices_; }
  invoicing::DocumentSequenceRepository& document_sequences() override { return *document_sequences_; }
  invoicing::BillingProfileRepository& billing_profiles() override { return *billing_profiles_; }
  reviews::ReviewRepository& reviews() override { return *reviews_; }
  identity::OAuthIdentityRepository& oauth_identities() override { return *oauth_identities_; }
  identity::ApiTokenRepository& sessions() override { return *sessions_; }

 private:
  std::unique_ptr<identity::UserRepository> users_;
  std::unique_ptr<identity::ApiTokenRepository> api_tokens_;
  std::unique_ptr<catalog::ProductRepository> products_;
  std::unique_ptr<orders::OrderRepository> orders_;
  std::unique_ptr<orders::LicenceRepository> licences_;
  std::unique_ptr<payments::RefundRepository> refunds_;
  std::unique_ptr<payments::WebhookEventRepository> webhook_events_;
  std::unique_ptr<invoicing::InvoiceRepository> invoices_;
  std::unique_ptr<invoicing::DocumentSequenceRepository> document_sequences_;
  std::unique_ptr<invoicing::BillingProfileRepository> billing_profiles_;
  std::unique_ptr<reviews::ReviewRepository> reviews_;
  std::unique_ptr<identity::OAuthIdentityRepository> oauth_identities_;
  std::unique_ptr<identity::ApiTokenRepository> sessions_;
};

}  // namespace

namespace detail {
Result<void> require_writable(bool writable) {
  if (!writable) return make_error(ErrorCode::internal, "write attempted in a read transaction");
  return ok();
}
}  // namespace detail

InMemoryDatabase::InMemoryDatabase() : state_(std::make_unique<State>()) {}
InMemoryDatabase::~InMemoryDatabase() = default;

Result<void> InMemoryDatabase::run(TxMode mode, const std::function<Result<void>(Transaction&)>& work) {
  std::unique_lock lock(mutex_);
  ++begun_;
  if (fail_before_) {
    Error e = std::move(*fail_before_);
    fail_before_.reset();
    return e;
  }
  State copy = *state_;
  InMemoryTransaction tx(copy, mode == TxMode::write);
  Result<void> r = ok();
  try {
    r = work(tx);
  } catch (const std::exception& e) {
    // The port's contract: an exception from the work rolls back and becomes `internal`.
    return make_error(ErrorCode::internal, std::string("unexpected error in a transaction: ") + e.what());
  } catch (...) {
    return make_error(ErrorCode::internal, "unexpected error in a transaction");
  }
  if (!r) return r;
  if (fail_commit_) {
    Error e = std::move(*fail_commit_);
    fail_commit_.reset();
    return e;
  }
  *state_ = std::move(copy);
  ++commits_;
  auto effects = tx.take_after_commit();
  lock.unlock();  // committed: an effect may start another transaction
  for (auto& effect : effects) effect();
  return ok();
}

void InMemoryDatabase::fail_next_transaction(Error error) {
  const std::lock_guard lock(mutex_);
  fail_before_ = std::move(error);
}

void InMemoryDatabase::fail_next_commit(Error error) {
  const std::lock_guard lock(mutex_);
  fail_commit_ = std::move(error);
}

std::size_t InMemoryDatabase::transactions_begun() const {
  const std::lock_guard lock(mutex_);
  return begun_;
}

std::size_t InMemoryDatabase::commits() const {
  const std::lock_guard lock(mutex_);
  return commits_;
}

std::size_t InMemoryDatabase::rows(std::string_view table) const {
  std::lock_guard lock(mutex_);
  if (table == "users") return state_->users.size();
  if (table == "sessions") return state_->sessions.size();
  if (table == "oauth_identities") return state_->oauth_identities.size();
  throw std::invalid_argument("InMemoryDatabase::rows: unknown table " + std::string(table));
}

}  // namespace veza::testing
