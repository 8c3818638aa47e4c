#include "payment_reconciler.hpp"

#include <string>

namespace veza::server {
namespace {

std::chrono::milliseconds to_ms(double seconds) {
  return std::chrono::milliseconds(static_cast<long long>(seconds * 1000.0));
}

}  // namespace

PaymentReconciler::PaymentReconciler(payments::PaymentService& payments, Logger& log, const Config& config)
    : payments_(payments), log_(log), interval_(to_ms(config.reconcile_interval_s)),
      min_age_(to_ms(config.reconcile_min_age_s)) {}

PaymentReconciler::~PaymentReconciler() { stop(); }

void PaymentReconciler::start() {
  if (!payments_.enabled() || interval_.count() <= 0) {
    log_.log(LogLevel::info, "periodic reconciliation off",
             {{"reason", payments_.enabled() ? "VEZA_RECONCILE_INTERVAL is 0" : "payments are not configured"}});
    return;
  }
  log_.log(LogLevel::info, "periodic reconciliation on",
           {{"interval_ms", std::to_string(interval_.count())}, {"min_age_ms", std::to_string(min_age_.count())}});
  thread_ = std::jthread([this](std::stop_token stop) { loop(stop); });
}

void PaymentReconciler::stop() {
  if (!thread_.joinable()) return;
  thread_.request_stop();  // wakes the wait below
  thread_.join();
  log_.log(LogLevel::info, "periodic reconciliation stopped");
}

void PaymentReconciler::loop(std::stop_token stop) {
  std::unique_lock lock(mu_);
  for (;;) {
    wake_.wait_for(lock, stop, interval_, [] { return false; });
    if (stop.stop_requested()) return;
    lock.unlock();
    // Failures are per payment or refund inside the report; an error here (the database) is
    // logged and the next round tries again.
    if (auto report = payments_.reconcile(min_age_, stop); !report) {
      log_.log(LogLevel::warn, "periodic reconciliation failed", {{"reason", report.error().message}});
    }
    lock.lock();
  }
}

}  // namespace veza::server
