#pragma once
// A fake Hyperswitch for integration tests: a real HTTP/1.1 server on 127.0.0.1 and a free port,
// in its own thread, speaking the contract's v1 subset (POST/GET /payments, POST/GET /refunds,
// the api-key check with 401 IR_01, HE_01 on a repeated id, HE_02 on an unknown one, IR_13 when
// a refund exceeds what is left) plus switches that make it answer 500, hang, or answer 429, or
// carry out a request and then never answer it (the client times out on work that was done).
// It also builds the webhook bodies Hyperswitch would send for its stored objects.
#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace veza::testing {

class FakeHyperswitch {
 public:
  // store_then_hang: POSTs are carried out (the payment or refund is stored) and then left
  // unanswered until the client hangs up; GETs are answered. store_then_hang_all: GETs too.
  enum class Mode { normal, fail_500, hang, rate_limited, store_then_hang, store_then_hang_all };

  explicit FakeHyperswitch(std::string api_key);
  ~FakeHyperswitch();
  FakeHyperswitch(const FakeHyperswitch&) = delete;
  FakeHyperswitch& operator=(const FakeHyperswitch&) = delete;

  [[nodiscard]] std::uint16_t port() const { return port_; }
  [[nodiscard]] std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  void set_mode(Mode mode) { mode_ = mode; }
  // The status a new refund gets ("pending": settled later by a webhook; or "succeeded").
  void set_refund_status(std::string status);

  [[nodiscard]] std::size_t payment_count() const;
  [[nodiscard]] std::size_t refund_count() const;
  // How many requests arrived, and how many carried a wrong or missing api-key.
  [[nodiscard]] std::size_t requests() const { return requests_; }
  [[nodiscard]] std::size_t unauthorized() const { return unauthorized_; }
  // Distinct payment_ids ever sent to POST /payments (a retry must reuse its id).
  [[nodiscard]] std::size_t distinct_payment_ids_posted() const;
  // How many POST /payments and POST /refunds arrived, repeats included.
  [[nodiscard]] std::size_t payment_posts() const;
  [[nodiscard]] std::size_t refund_posts() const;
  [[nodiscard]] std::vector<std::string> refund_ids() const;
  [[nodiscard]] std::string payment_status(const std::string& payment_id) const;
  [[nodiscard]] std::string refund_status(const std::string& refund_id) const;
  // A refund made in the provider's dashboard (an id we never chose), status pending; its id.
  std::string dashboard_refund(const std::string& payment_id, std::int64_t amount);
  // Sets a stored object's status without sending anything: a webhook that was lost.
  void set_payment_status(const std::string& payment_id, const std::string& status);
  void set_stored_refund_status(const std::string& refund_id, const std::string& status);
  [[nodiscard]] std::int64_t payment_amount(const std::string& payment_id) const;

  // Moves the stored object to `status` and returns the webhook body Hyperswitch would send
  // (event_type e.g. payment_succeeded / refund_succeeded, a fresh evt_<32 hex> id).
  std::string payment_webhook(const std::string& payment_id, const std::string& status, const std::string& event_type);
  std::string refund_webhook(const std::string& refund_id, const std::string& status, const std::string& event_type);

 private:
  struct Reply {
    unsigned status = 200;
    std::string body;
  };
  void serve();
  void handle(int fd);
  void wait_for_hangup(int fd) const;
  Reply route(const std::string& method, const std::string& target, const std::string& api_key,
              const std::string& body);
  std::string event(const std::string& event_type, const std::string& content_type, const std::string& object);

  std::string api_key_;
  int listen_fd_ = -1;
  std::uint16_t port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<Mode> mode_{Mode::normal};
  std::atomic<std::size_t> requests_{0}, unauthorized_{0};
  mutable std::mutex mu_;
  std::map<std::string, std::string> payments_;  // payment_id → PaymentsResponse JSON
  std::map<std::string, std::string> refunds_;   // refund_id → RefundResponse JSON
  std::vector<std::string> posted_payment_ids_;
  std::size_t refund_posts_ = 0;
  std::string refund_status_ = "pending";
  std::size_t events_ = 0;
  std::thread thread_;
};

}  // namespace veza::testing
