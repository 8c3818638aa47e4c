#include "integration/payments/fake_hyperswitch.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <set>
#include <stdexcept>

#include <boost/json.hpp>

namespace veza::testing {
namespace {

namespace bj = boost::json;

const char* reason_phrase(unsigned status) {
  switch (status) {
    case 200: return "OK";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 404: return "Not Found";
    case 429: return "Too Many Requests";
    default: return "Internal Server Error";
  }
}

std::string error_body(const std::string& type, const std::string& code, const std::string& message) {
  return bj::serialize(bj::object{{"error", bj::object{{"type", type}, {"message", message}, {"code", code}}}});
}

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return s;
}

std::string hex32(std::size_t n) {
  char buf[33];
  std::snprintf(buf, sizeof buf, "%032zx", n);
  return buf;
}

constexpr const char* kNow = "2026-07-01T10:15:30.123Z";

}  // namespace

FakeHyperswitch::FakeHyperswitch(std::string api_key) : api_key_(std::move(api_key)) {
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
  if (listen_fd_ < 0) throw std::runtime_error("fake hyperswitch: socket");
  int one = 1;
  ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(listen_fd_, 16) != 0) {
    ::close(listen_fd_);
    throw std::runtime_error("fake hyperswitch: bind/listen");
  }
  socklen_t len = sizeof addr;
  ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
  port_ = ntohs(addr.sin_port);
  thread_ = std::thread([this] { serve(); });
}

FakeHyperswitch::~FakeHyperswitch() {
  stop_ = true;
  thread_.join();
  ::close(listen_fd_);
}

void FakeHyperswitch::set_refund_status(std::string status) {
  std::lock_guard lock(mu_);
  refund_status_ = std::move(status);
}

std::size_t FakeHyperswitch::payment_count() const {
  std::lock_guard lock(mu_);
  return payments_.size();
}

std::size_t FakeHyperswitch::refund_count() const {
  std::lock_guard lock(mu_);
  return refunds_.size();
}

std::size_t FakeHyperswitch::distinct_payment_ids_posted() const {
  std::lock_guard lock(mu_);
  return std::set<std::string>(posted_payment_ids_.begin(), posted_payment_ids_.end()).size();
}

std::int64_t FakeHyperswitch::payment_amount(const std::string& payment_id) const {
  std::lock_guard lock(mu_);
  auto it = payments_.find(payment_id);
  if (it == payments_.end()) return -1;
  return bj::parse(it->second).as_object().at("amount").as_int64();
}

std::size_t FakeHyperswitch::payment_posts() const {
  std::lock_guard lock(mu_);
  return posted_payment_ids_.size();
}

std::size_t FakeHyperswitch::refund_posts() const {
  std::lock_guard lock(mu_);
  return refund_posts_;
}

std::vector<std::string> FakeHyperswitch::refund_ids() const {
  std::lock_guard lock(mu_);
  std::vector<std::string> ids;
  for (const auto& [id, text] : refunds_) ids.push_back(id);
  return ids;
}

std::string FakeHyperswitch::payment_status(const std::string& payment_id) const {
  std::lock_guard lock(mu_);
  return std::string(bj::parse(payments_.at(payment_id)).as_object().at("status").as_string());
}

std::string FakeHyperswitch::refund_status(const std::string& refund_id) const {
  std::lock_guard lock(mu_);
  return std::string(bj::parse(refunds_.at(refund_id)).as_object().at("status").as_string());
}

std::string FakeHyperswitch::dashboard_refund(const std::string& payment_id, std::int64_t amount) {
  std::lock_guard lock(mu_);
  const auto po = bj::parse(payments_.at(payment_id)).as_object();
  const std::string rid = "ref_dashboard_" + hex32(refunds_.size() + 1).substr(24);
  bj::object r{{"refund_id", rid},         {"payment_id", payment_id},
               {"amount", amount},         {"currency", po.at("currency")},
               {"status", "pending"},      {"reason", "dashboard"},
               {"metadata", nullptr},      {"error_code", nullptr},
               {"error_message", nullptr}, {"created_at", kNow},
               {"updated_at", kNow},       {"connector", "fakepay"},
               {"connector_refund_id", "re_" + rid}};
  refunds_[rid] = bj::serialize(r);
  return rid;
}

void FakeHyperswitch::set_payment_status(const std::string& payment_id, const std::string& status) {
  (void)payment_webhook(payment_id, status, "unsent");
}

void FakeHyperswitch::set_stored_refund_status(const std::string& refund_id, const std::string& status) {
  (void)refund_webhook(refund_id, status, "unsent");
}

void FakeHyperswitch::serve() {
  while (!stop_) {
    pollfd p{listen_fd_, POLLIN, 0};
    if (::poll(&p, 1, 50) <= 0) continue;
    const int fd = ::accept(listen_fd_, nullptr, nullptr);
    if (fd < 0) continue;
    handle(fd);
    ::close(fd);
  }
}

void FakeHyperswitch::handle(int fd) {
  std::string data;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  std::size_t head_end = std::string::npos, need = 0;
  char buf[4096];
  while (std::chrono::steady_clock::now() < deadline && !stop_) {
    if (head_end != std::string::npos && data.size() >= head_end + 4 + need) break;
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 50) <= 0) continue;
    const auto n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) return;
    data.append(buf, static_cast<std::size_t>(n));
    if (head_end == std::string::npos && (head_end = data.find("\r\n\r\n")) != std::string::npos) {
      const auto l = lower(data.substr(0, head_end));
      const auto cl = l.find("content-length:");
      if (cl != std::string::npos) need = std::stoul(l.substr(cl + 15));
      if (l.find("expect: 100-continue") != std::string::npos) {
        static constexpr char kContinue[] = "HTTP/1.1 100 Continue\r\n\r\n";
        ::send(fd, kContinue, sizeof kContinue - 1, MSG_NOSIGNAL);
      }
    }
  }
  if (head_end == std::string::npos) return;
  ++requests_;
  const std::string head = data.substr(0, head_end);
  const std::string body = data.substr(head_end + 4, need);
  const auto sp1 = head.find(' '), sp2 = head.find(' ', sp1 + 1);
  const std::string method = head.substr(0, sp1), target = head.substr(sp1 + 1, sp2 - sp1 - 1);
  std::string key;
  const auto lhead = lower(head);
  const auto k = lhead.find("\r\napi-key:");
  if (k != std::string::npos) {
    const auto start = head.find_first_not_of(' ', k + 10), end = head.find("\r\n", k + 2);
    key = head.substr(start, end - start);
  }
  Reply reply;
  const Mode mode = mode_;
  if (mode == Mode::hang) {
    while (!stop_ && mode_ == Mode::hang) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    return;  // closes without an answer
  }
  if (mode == Mode::store_then_hang || mode == Mode::store_then_hang_all) {
    (void)route(method, target, key, body);  // the work is done; only the answer is lost
    if (mode == Mode::store_then_hang_all || method == "POST") {
      wait_for_hangup(fd);
      return;
    }
  }
  if (mode == Mode::fail_500) {
    reply = {500, error_body("api", "HE_00", "Something went wrong")};
  } else if (mode == Mode::rate_limited) {
    reply = {429, error_body("invalid_request", "RL_00", "Too many requests")};
  } else {
    reply = route(method, target, key, body);
  }
  std::string out = "HTTP/1.1 " + std::to_string(reply.status) + " " + reason_phrase(reply.status) +
                    "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(reply.body.size()) +
                    "\r\nConnection: close\r\n\r\n" + reply.body;
  ::send(fd, out.data(), out.size(), MSG_NOSIGNAL);
}

void FakeHyperswitch::wait_for_hangup(int fd) const {
  // Single-threaded on purpose: nothing else is served until the client gives up, as with a
  // provider stuck on this request. Bounded so a client without a timeout cannot wedge a test.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  char buf[512];
  while (!stop_ && std::chrono::steady_clock::now() < deadline) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 20) <= 0) continue;
    if (::recv(fd, buf, sizeof buf, 0) <= 0) return;
  }
}

FakeHyperswitch::Reply FakeHyperswitch::route(const std::string& method, const std::string& target,
                                              const std::string& api_key, const std::string& body) {
  if (api_key != api_key_) {
    ++unauthorized_;
    return {401, error_body("invalid_request", "IR_01", "API key not provided or invalid API key used")};
  }
  const std::string path = target.substr(0, target.find('?'));
  std::lock_guard lock(mu_);
  if (method == "POST" && path == "/payments") {
    boost::system::error_code ec;
    auto v = bj::parse(body, ec);
    if (ec || !v.is_object()) return {400, error_body("invalid_request", "IR_06", "Json deserialize error")};
    auto& in = v.as_object();
    const std::string id(in.at("payment_id").as_string());
    posted_payment_ids_.push_back(id);
    if (payments_.count(id)) return {400, error_body("invalid_request", "HE_01", "The payment_id already exists")};
    bj::object p{{"payment_id", id},
                 {"merchant_id", "merchant_fake"},
                 {"status", "requires_payment_method"},
                 {"amount", in.at("amount")},
                 {"net_amount", in.at("amount")},
                 {"amount_received", nullptr},
                 {"currency", in.at("currency")},
                 {"client_secret", id + "_secret_fake"},
                 {"metadata", in.contains("metadata") ? in.at("metadata") : bj::value(nullptr)},
                 {"created", kNow},
                 {"updated", kNow}};
    payments_[id] = bj::serialize(p);
    return {200, payments_[id]};
  }
  if (method == "GET" && path.rfind("/payments/", 0) == 0) {
    auto it = payments_.find(path.substr(10));
    if (it == payments_.end()) return {404, error_body("invalid_request", "HE_02", "Payment does not exist")};
    return {200, it->second};
  }
  if (method == "POST" && path == "/refunds") {
    boost::system::error_code ec;
    auto v = bj::parse(body, ec);
    if (ec || !v.is_object()) return {400, error_body("invalid_request", "IR_06", "Json deserialize error")};
    auto& in = v.as_object();
    const std::string pid(in.at("payment_id").as_string()), rid(in.at("refund_id").as_string());
    ++refund_posts_;
    auto pay = payments_.find(pid);
    if (pay == payments_.end()) return {404, error_body("invalid_request", "HE_02", "Payment does not exist")};
    auto po = bj::parse(pay->second).as_object();
    if (po.at("status").as_string() != "succeeded") {
      return {400, error_body("invalid_request", "IR_14", "This Payment could not be refund because it has a status")};
    }
    std::int64_t taken = 0;
    for (const auto& [id, text] : refunds_) {
      auto r = bj::parse(text).as_object();
      if (r.at("payment_id").as_string() == pid && r.at("status").as_string() != "failed") taken += r.at("amount").as_int64();
    }
    const std::int64_t amount = in.at("amount").as_int64();
    if (amount > po.at("amount").as_int64() - taken) {
      return {400, error_body("invalid_request", "IR_13", "The refund amount exceeds the amount captured")};
    }
    if (refunds_.count(rid)) return {400, error_body("invalid_request", "HE_01", "Duplicate refund request")};
    bj::object r{{"refund_id", rid},           {"payment_id", pid},
                 {"amount", amount},           {"currency", po.at("currency")},
                 {"status", refund_status_},   {"reason", in.contains("reason") ? in.at("reason") : bj::value(nullptr)},
                 {"metadata", in.contains("metadata") ? in.at("metadata") : bj::value(nullptr)},
                 {"error_code", nullptr},      {"error_message", nullptr},
                 {"created_at", kNow},         {"updated_at", kNow},
                 {"connector", "fakepay"},     {"connector_refund_id", "re_" + rid}};
    refunds_[rid] = bj::serialize(r);
    return {200, refunds_[rid]};
  }
  if (method == "GET" && path.rfind("/refunds/", 0) == 0) {
    auto it = refunds_.find(path.substr(9));
    if (it == refunds_.end()) return {404, error_body("invalid_request", "HE_02", "Refund does not exist")};
    return {200, it->second};
  }
  return {404, error_body("invalid_request", "IR_02", "Unrecognized request URL")};
}

std::string FakeHyperswitch::event(const std::string& event_type, const std::string& content_type,
                                   const std::string& object) {
  bj::object e{{"merchant_id", "merchant_fake"},
               {"event_id", "evt_" + hex32(++events_)},
               {"event_type", event_type},
               {"content", bj::object{{"type", content_type}, {"object", bj::parse(object)}}},
               {"timestamp", kNow},
               {"processor_merchant_id", "merchant_fake"}};
  return bj::serialize(e);
}

std::string FakeHyperswitch::payment_webhook(const std::string& payment_id, const std::string& status,
                                             const std::string& event_type) {
  std::lock_guard lock(mu_);
  auto o = bj::parse(payments_.at(payment_id)).as_object();
  o["status"] = status;
  if (status == "succeeded") o["amount_received"] = o.at("amount");
  payments_[payment_id] = bj::serialize(o);
  return event(event_type, "payment_details", payments_[payment_id]);
}

std::string FakeHyperswitch::refund_webhook(const std::string& refund_id, const std::string& status,
                                            const std::string& event_type) {
  std::lock_guard lock(mu_);
  auto o = bj::parse(refunds_.at(refund_id)).as_object();
  o["status"] = status;
  refunds_[refund_id] = bj::serialize(o);
  return event(event_type, "refund_details", refunds_[refund_id]);
}

}  // namespace veza::testing
