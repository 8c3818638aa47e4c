#pragma once
#include <memory>
#include <vector>

#include <veza/catalog/blob_store.hpp>
#include <veza/catalog/catalog_service.hpp>
#include <veza/core/clock.hpp>
#include <veza/core/id.hpp>
#include <veza/core/key_value_store.hpp>
#include <veza/core/logger.hpp>
#include <veza/core/metrics.hpp>
#include <veza/core/result.hpp>
#include <veza/health/health_service.hpp>
#include <veza/identity/oauth_service.hpp>
#include <veza/identity/session_service.hpp>
#include <veza/identity/token_service.hpp>
#include <veza/identity/user_service.hpp>
#include <veza/invoicing/invoice_service.hpp>
#include <veza/orders/order_service.hpp>
#include <veza/payments/payment_service.hpp>
#include <veza/persistence/database.hpp>
#include <veza/persistence/migrations.hpp>
#include <veza/reviews/review_service.hpp>
#include <veza/runtime/config.hpp>

namespace veza {

// The composition root (userver-style component list): builds adapters from Config, then the
// services over their ports, and registers the order participants. The one place that knows
// both the domain and the adapters; both apps and the C API use it. Members die in reverse
// order of construction, services before the adapters they use.
class VEZA_API Runtime {
 public:
  // Opens the database, the blob store and the key-value store. Does not migrate.
  static Result<std::unique_ptr<Runtime>> open(const Config& config);
  ~Runtime();
  Runtime(const Runtime&) = delete;
  Runtime& operator=(const Runtime&) = delete;

  [[nodiscard]] const Config& config() const noexcept;
  [[nodiscard]] const Clock& clock() const noexcept;
  Logger& logger() noexcept;
  IdGenerator& ids() noexcept;
  Metrics& metrics() noexcept;
  Database& database() noexcept;
  catalog::BlobStore& blobs() noexcept;
  // Redis when VEZA_REDIS_URL is set, else an in-process store (one instance only).
  KeyValueStore& key_values() noexcept;
  // DB (critical), Redis and RabbitMQ when configured; cached and concurrent (issue 4).
  health::HealthService& health() noexcept;

  identity::UserService& users() noexcept;
  identity::TokenService& tokens() noexcept;
  identity::SessionService& sessions() noexcept;
  // Discord and Spotify sign-in, each enabled when its client id is set (issue 8).
  identity::OAuthService& oauth() noexcept;
  catalog::CatalogService& catalog() noexcept;
  orders::OrderService& orders() noexcept;
  // Checkout, webhooks, refunds, reconciliation; `enabled()` when HYPERSWITCH_API_KEY is set.
  payments::PaymentService& payments() noexcept;
  // Registered as an order participant: invoices on_paid, credit notes on_refund_settled.
  invoicing::InvoiceService& invoices() noexcept;
  // Registered as an order participant: licence changes reach reviews in the order's transaction.
  reviews::ReviewService& reviews() noexcept;

  Result<MigrationStatus> migration_status();
  Result<std::vector<int>> migrate();

  struct Impl;

 private:
  explicit Runtime(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace veza
