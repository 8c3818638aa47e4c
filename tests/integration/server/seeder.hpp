#pragma once
// Creates users, tokens, products and orders for the server tests through libveza itself
// (veza::Runtime on the server's own database), the same services the server calls.
#include <filesystem>
#include <memory>
#include <string>

#include <veza/catalog/product.hpp>
#include <veza/identity/user.hpp>
#include <veza/orders/order.hpp>
#include <veza/runtime/runtime.hpp>

namespace veza::testing {

struct Account {
  identity::User user;
  std::string token;
  // "Authorization: Bearer <token>", a header line for the HTTP client.
  [[nodiscard]] std::string auth() const { return "Authorization: Bearer " + token; }
};

class Seeder {
 public:
  // The SQLite database and blob dir ServerProcess uses by default in `dir`, or `database_url`.
  explicit Seeder(const std::filesystem::path& dir, const std::string& database_url = "");
  ~Seeder();
  Seeder(const Seeder&) = delete;
  Seeder& operator=(const Seeder&) = delete;

  Runtime& runtime() { return *runtime_; }
  Account account(const std::string& email, const std::string& role = "user");
  catalog::Product product(const Account& seller, const std::string& title, std::int64_t price_cents = 990);
  // A pending order of one licence; `paid` marks it paid through OrderService (licence granted).
  orders::Order order(const Account& buyer, const catalog::Product& product, bool paid);

 private:
  Config config_;
  std::unique_ptr<Runtime> runtime_;
};

}  // namespace veza::testing
