#include <veza/json/review_json.hpp>

#include <boost/json.hpp>

#include <veza/json/json.hpp>
#include <veza/json/json_string.hpp>

namespace veza::json {
namespace {

namespace bj = boost::json;

void append_timestamp(std::string& out, Timestamp t) {
  out += '"';
  out += format_timestamp(t);  // digits and separators only: nothing to escape
  out += '"';
}

// One review, keys in the documented order. Written field by field rather than as a
// boost::json::object: building the tree was most of a page's JSON cost (a node and a copy
// per field), and the page endpoint is the busiest read.
void append_review(std::string& out, const reviews::Review& r) {
  out += "{\"id\":";
  append_json_string(out, r.id);
  out += ",\"product_id\":";
  append_json_string(out, r.product_id);
  out += ",\"user_id\":";
  append_json_string(out, r.user_id);
  out += ",\"rating\":";
  out += std::to_string(r.rating);
  out += ",\"comment\":";
  if (r.comment) {
    append_json_string(out, *r.comment);
  } else {
    out += "null";
  }
  out += ",\"verified_purchase\":";
  out += r.verified_purchase ? "true" : "false";
  out += ",\"status\":";
  append_json_string(out, reviews::to_string(r.status));
  out += ",\"reply\":";
  if (r.reply) {
    out += "{\"text\":";
    append_json_string(out, r.reply->text);
    out += ",\"created_at\":";
    append_timestamp(out, r.reply->created_at);
    out += ",\"updated_at\":";
    append_timestamp(out, r.reply->updated_at);
    out += '}';
  } else {
    out += "null";
  }
  out += ",\"created_at\":";
  append_timestamp(out, r.created_at);
  out += ",\"updated_at\":";
  append_timestamp(out, r.updated_at);
  out += '}';
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

std::string to_json(const reviews::Review& review) {
  std::string out;
  append_review(out, review);
  return out;
}

std::string to_json(const reviews::ReviewPage& page) {
  std::string out;
  out.reserve(512 * page.items.size() + 64);
  out += "{\"items\":[";
  for (std::size_t i = 0; i < page.items.size(); ++i) {
    if (i > 0) out += ',';
    append_review(out, page.items[i]);
  }
  out += "],\"next_cursor\":";
  if (page.next_cursor) {
    append_json_string(out, *page.next_cursor);
  } else {
    out += "null";
  }
  out += '}';
  return out;
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
