#include "seeder.hpp"

#include <stdexcept>

#include <veza/catalog/catalog_service.hpp>
#include <veza/identity/token_service.hpp>
#include <veza/identity/user_service.hpp>
#include <veza/orders/order_service.hpp>

namespace veza::testing {
namespace {
template <class T>
T value_or_throw(Result<T> r, const char* what) {
  if (!r) throw std::runtime_error(std::string(what) + ": " + r.error().message);
  return std::move(*r);
}
}  // namespace

Seeder::Seeder(const std::filesystem::path& dir, const std::string& database_url) {
  config_.database_url = database_url.empty() ? "sqlite://" + (dir / "veza.db").string() : database_url;
  config_.blob_dir = (dir / "blobs").string();
  config_.db_pool_size = 2;
  config_.log_level = "error";
  runtime_ = value_or_throw(Runtime::open(config_), "open the runtime");
}

Seeder::~Seeder() = default;

Account Seeder::account(const std::string& email, const std::string& role) {
  identity::NewUser input;
  input.email = email;
  input.display_name = email.substr(0, email.find('@'));
  if (role == "admin") input.role = identity::Role::admin;
  Account a;
  a.user = value_or_throw(runtime_->users().create(input), "create a user");
  a.token = value_or_throw(runtime_->tokens().create(email, 7), "create a token").token;
  return a;
}

catalog::Product Seeder::product(const Account& seller, const std::string& title, std::int64_t price_cents) {
  catalog::NewProduct input;
  input.title = title;
  input.price_cents = price_cents;
  input.currency = "EUR";
  input.vat_rate_bp = 2000;
  return value_or_throw(runtime_->catalog().create(seller.user.id, input), "create a product");
}

orders::Order Seeder::order(const Account& buyer, const catalog::Product& product, bool paid) {
  auto o = value_or_throw(runtime_->orders().create(buyer.user.id, {product.id}), "create an order");
  if (paid) o = value_or_throw(runtime_->orders().mark_paid(o.id), "mark the order paid");
  return o;
}

}  // namespace veza::testing
