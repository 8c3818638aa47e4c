#pragma once
// Private to the in-memory database: its tables and the repositories over one copy of them.
#include <map>
#include <memory>
#include <string>

#include <veza/catalog/product.hpp>
#include <veza/identity/api_token.hpp>
#include <veza/identity/oauth.hpp>
#include <veza/identity/user.hpp>
#include <veza/orders/order.hpp>

#include "support/in_memory_database.hpp"
#include "support/in_memory_invoice_repository.hpp"
#include "support/in_memory_payment_repositories.hpp"
#include "support/in_memory_review_repository.hpp"

namespace veza::testing {

// Keyed by id, so iteration is in id order (UUIDv7 and SequentialIds: creation order).
struct InMemoryDatabase::State {
  std::map<std::string, identity::User> users;
  std::map<std::string, identity::ApiToken> api_tokens;
  std::map<std::string, identity::ApiToken> sessions;
  std::map<std::string, identity::OAuthIdentity> oauth_identities;
  std::map<std::string, catalog::Product> products;
  std::map<std::string, orders::Order> orders;  // with their items
  std::map<std::string, orders::Licence> licences;
  InMemoryPaymentTables payments;
  InMemoryInvoiceTables invoicing;
  InMemoryReviewTables reviews;
};

namespace detail {

// Writes are refused in a read transaction, so a service that writes under TxMode::read fails
// its tests instead of getting SQLITE_BUSY in production.
Result<void> require_writable(bool writable);

std::unique_ptr<identity::UserRepository> make_user_repository(InMemoryDatabase::State& s, bool writable);
std::unique_ptr<identity::ApiTokenRepository> make_api_token_repository(InMemoryDatabase::State& s, bool writable);
std::unique_ptr<identity::ApiTokenRepository> make_session_repository(InMemoryDatabase::State& s, bool writable);
std::unique_ptr<identity::OAuthIdentityRepository> make_oauth_identity_repository(InMemoryDatabase::State& s,
                                                                                  bool writable);
std::unique_ptr<catalog::ProductRepository> make_product_repository(InMemoryDatabase::State& s, bool writable);
std::unique_ptr<orders::OrderRepository> make_order_repository(InMemoryDatabase::State& s, bool writable);
std::unique_ptr<orders::LicenceRepository> make_licence_repository(InMemoryDatabase::State& s, bool writable);

}  // namespace detail
}  // namespace veza::testing
