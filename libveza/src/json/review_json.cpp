#include <veza/json/review_json.hpp>

#include <boost/json.hpp>

#include <veza/json/json.hpp>

namespace veza::json {
namespace {

namespace bj = boost::json;

// `sp` is where the object's nodes and strings go (a page builds all of them in one arena).
bj::object review_object(const reviews::Review& r, const bj::storage_ptr& sp = {}) {
  bj::value reply(nullptr, sp);
  if (r.reply) {
    reply = bj::object({{"text", r.reply->text},
                        {"created_at", format_timestamp(r.reply->created_at)},
                        {"updated_at", format_timestamp(r.reply->updated_at)}},
                       sp);
  }
  const std::string_view status = reviews::to_string(r.status);
  return bj::object({{"id", r.id},
          {"product_id", r.product_id},
          {"user_id", r.user_id},
          {"rating", r.rating},
          {"comment", r.comment ? bj::value(bj::string_view(*r.comment), sp) : bj::value(nullptr, sp)},
          {"verified_purchase", r.verified_purchase},
          {"status", bj::string_view(status.data(), status.size())},
          {"reply", std::move(reply)},
          {"created_at", format_timestamp(r.created_at)},
          {"updated_at", format_timestamp(r.updated_at)}},
                    sp);
}

// Boost.JSON prints doubles in scientific notation (4.25E0); clients expect 4.25, so the
// average goes out from integer hundredths, written by hand.
std::string average_text(const reviews::RatingSummary& s) {
  const auto h = s.average_hundredths();
  if (!h) return "null";
  std::string out = std::to_string(*h / 100);
  const std::int64_t frac = *h % 100;
  if (frac != 0) {
    out += '.';
    out += static_cast<char>('0' + frac / 10);
    if (frac % 10 != 0) out += static_cast<char>('0' + frac % 10);
  }
  return out;
}

}  // namespace

std::string to_json(const reviews::Review& review) { return bj::serialize(review_object(review)); }

std::string to_json(const reviews::ReviewPage& page) {
  // One arena for the whole page, released at once: a node-by-node heap allocation per field
  // was the larger part of turning a page into text.
  unsigned char first_block[16 * 1024];
  bj::monotonic_resource arena(first_block, sizeof first_block);
  const bj::storage_ptr sp(&arena);
  bj::array items(sp);
  items.reserve(page.items.size());
  for (const auto& r : page.items) items.push_back(review_object(r, sp));
  bj::object out(sp);
  out.emplace("items", std::move(items));
  out.emplace("next_cursor", page.next_cursor ? bj::value(*page.next_cursor, sp) : bj::value(nullptr, sp));
  return bj::serialize(out);
}

std::string to_json(const reviews::RatingSummary& s) {
  std::string out = "{\"average\":" + average_text(s) + ",\"count\":" + std::to_string(s.count) + ",\"distribution\":{";
  for (std::size_t i = 0; i < s.stars.size(); ++i) {
    if (i > 0) out += ',';
    out += '"' + std::to_string(i + 1) + "\":" + std::to_string(s.stars[i]);
  }
  return out + "}}";
}

std::string to_json(const catalog::Product& product, const reviews::RatingSummary& summary) {
  std::string out = to_json(product);
  // The product's JSON is one object: splice the summary in before its closing brace.
  out.pop_back();
  return out + ",\"review_summary\":" + to_json(summary) + "}";
}

std::string to_json(const reviews::RebuildReport& report) {
  std::string out = "{\"products_checked\":" + std::to_string(report.products_checked) + ",\"drifted\":[";
  for (std::size_t i = 0; i < report.drifted.size(); ++i) {
    const auto& d = report.drifted[i];
    if (i > 0) out += ',';
    out += "{\"product_id\":" + bj::serialize(bj::value(d.product_id)) + ",\"stored\":" + to_json(d.stored) +
           ",\"recomputed\":" + to_json(d.recomputed) + "}";
  }
  return out + "]}";
}

}  // namespace veza::json
