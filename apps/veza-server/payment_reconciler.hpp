#pragma once
// The server's own reconciliation (VEZA_RECONCILE_INTERVAL; 0 turns it off): every interval it
// runs PaymentService::reconcile, so a lost webhook is settled without an operator. It has its
// own thread because a reconcile blocks on the provider for up to the HTTP budget per call and
// must hold neither the I/O thread nor a request worker. stop() wakes it and joins; a reconcile
// already running stops before its next provider call (each bounded by VEZA_HTTP_TIMEOUT_MS).
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <stop_token>
#include <thread>

#include <veza/core/logger.hpp>
#include <veza/payments/payment_service.hpp>
#include <veza/runtime/config.hpp>

namespace veza::server {

class PaymentReconciler {
 public:
  PaymentReconciler(payments::PaymentService& payments, Logger& log, const Config& config);
  ~PaymentReconciler();
  PaymentReconciler(const PaymentReconciler&) = delete;
  PaymentReconciler& operator=(const PaymentReconciler&) = delete;

  // Starts the thread, unless payments are off or the interval is 0 (it logs which).
  void start();
  // Idempotent; returns once the thread has ended.
  void stop();

 private:
  void loop(std::stop_token stop);

  payments::PaymentService& payments_;
  Logger& log_;
  std::chrono::milliseconds interval_;
  std::chrono::milliseconds min_age_;
  std::mutex mu_;  // only for the wait: stopping is the jthread's stop token
  std::condition_variable_any wake_;
  std::jthread thread_;
};

}  // namespace veza::server
