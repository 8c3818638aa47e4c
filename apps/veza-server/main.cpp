// veza-server: Config → Runtime → routes → Server. Thin: every decision lives in libveza.
#include <iostream>
#include <string>
#include <vector>

#include <veza/core/logger.hpp>
#include <veza/runtime/config.hpp>
#include <veza/runtime/runtime.hpp>

#include "app_context.hpp"
#include "payment_reconciler.hpp"
#include "router.hpp"
#include "server.hpp"

extern char** environ;

namespace {

constexpr const char* kUsage = "usage: veza-server [settings]\n\nServes the Veza HTTP API.\n\n";

bool migrate_at_start(const veza::Config& config) {
  if (config.migrate == "true") return true;
  if (config.migrate == "false") return false;
  return config.database_url.rfind("sqlite://", 0) == 0;
}

}  // namespace

int main(int argc, char** argv) {
  using veza::LogLevel;
  std::vector<std::string> args(argv + 1, argv + argc);
  auto loaded = veza::load_config(args, environ);
  if (!loaded) {
    std::cerr << "veza-server: " << loaded.error().message << "\n";
    return 2;
  }
  for (const auto& a : loaded->unrecognized) {
    if (a == "--help" || a == "-h") {
      std::cout << kUsage << veza::config_help();
      return 0;
    }
    std::cerr << "veza-server: unknown argument '" << a << "'\n" << kUsage << veza::config_help();
    return 2;
  }
  const veza::Config& config = loaded->config;
  // Payments issue invoices, so with payments on the seller's identity must be set (issue 5).
  if (config.hyperswitch_api_key) {
    if (auto seller = veza::require_seller_identity(config); !seller) {
      std::cerr << "veza-server: " << seller.error().message << "\n";
      return 2;
    }
  }
  auto runtime = veza::Runtime::open(config);
  if (!runtime) {
    std::cerr << "veza-server: " << runtime.error().message << "\n";
    return 1;
  }
  veza::Logger& log = (*runtime)->logger();
  veza::server::AppContext app{**runtime};
  app.started_at = (*runtime)->clock().monotonic();
  veza::server::Router router;
  veza::server::add_health_routes(router);
  veza::server::add_me_routes(router);
  veza::server::add_product_routes(router);
  veza::server::add_order_routes(router);
  veza::server::add_invoice_routes(router);
  veza::server::add_order_checkout_routes(router);
  veza::server::add_refund_routes(router);
  veza::server::add_webhook_routes(router);
  veza::server::add_review_routes(router);
  veza::server::add_auth_routes(router);

  veza::server::Server server(app, router, config);
  auto bound = server.listen();
  if (!bound) {
    log.log(LogLevel::error, bound.error().message);
    return 1;
  }
  log.log(LogLevel::info, "listening on " + *bound);
  if (migrate_at_start(config)) {
    auto applied = (*runtime)->migrate();
    if (!applied && applied.error().detail == "database_newer") {
      // A blue-green rollback: the other colour migrated further. Serve with what we know.
      log.log(LogLevel::warn, "database is newer than this binary; not migrating", {{"reason", applied.error().message}});
    } else if (!applied) {
      log.log(LogLevel::error, "migration failed", {{"reason", applied.error().message}});
      return 1;
    }
  }
  veza::server::PaymentReconciler reconciler((*runtime)->payments(), log, config);
  reconciler.start();
  app.state.store(veza::server::ServerState::ready);
  const int code = server.run();
  reconciler.stop();  // after the drain, before the runtime it uses goes
  return code;
}
