#include <veza/reviews/review.hpp>

#include <charconv>

#include <veza/core/id.hpp>

namespace veza::reviews {

std::string_view to_string(ReviewStatus s) noexcept {
  switch (s) {
    case ReviewStatus::published: return "published";
    case ReviewStatus::hidden: return "hidden";
    case ReviewStatus::removed: return "removed";
  }
  return "published";
}

std::optional<ReviewStatus> parse_review_status(std::string_view text) noexcept {
  if (text == "published") return ReviewStatus::published;
  if (text == "hidden") return ReviewStatus::hidden;
  if (text == "removed") return ReviewStatus::removed;
  return std::nullopt;
}

std::string_view to_string(ReviewSort s) noexcept {
  switch (s) {
    case ReviewSort::newest: return "newest";
    case ReviewSort::highest: return "highest";
    case ReviewSort::lowest: return "lowest";
  }
  return "newest";
}

std::optional<ReviewSort> parse_review_sort(std::string_view text) noexcept {
  if (text == "newest") return ReviewSort::newest;
  if (text == "highest") return ReviewSort::highest;
  if (text == "lowest") return ReviewSort::lowest;
  return std::nullopt;
}

std::optional<std::int64_t> RatingSummary::average_hundredths() const noexcept {
  if (count <= 0) return std::nullopt;
  // floor(sum * 100 / count + 1/2) in integers: half-up, no floating point on the way.
  return (sum * 200 + count) / (2 * count);
}

void RatingSummary::apply(int rating, int delta) noexcept {
  if (rating < kMinRating || rating > kMaxRating) return;
  count += delta;
  sum += static_cast<std::int64_t>(rating) * delta;
  stars[static_cast<std::size_t>(rating - 1)] += delta;
}

namespace {

char sort_tag(ReviewSort s) noexcept {
  switch (s) {
    case ReviewSort::newest: return 'n';
    case ReviewSort::highest: return 'h';
    case ReviewSort::lowest: return 'l';
  }
  return 'n';
}

}  // namespace

std::string encode_cursor(const ReviewCursor& c) {
  std::string out(1, sort_tag(c.sort));
  if (c.sort == ReviewSort::newest) {
    out += std::to_string(c.created_at.time_since_epoch().count());
  } else {
    out += std::to_string(c.rating);
  }
  out += '_';
  out += c.id;
  return out;
}

Result<ReviewCursor> decode_cursor(std::string_view text, ReviewSort expected) {
  const auto bad = [] {
    return make_error(ErrorCode::invalid_argument, "cursor must be the next_cursor of a previous page of the same sort");
  };
  if (text.size() < 3 || text.front() != sort_tag(expected)) return bad();
  const auto sep = text.find('_');
  if (sep == std::string_view::npos || sep < 2) return bad();
  const std::string_view key = text.substr(1, sep - 1);
  const std::string_view id = text.substr(sep + 1);
  if (!is_uuid(id)) return bad();
  long long value = 0;
  const auto [end, ec] = std::from_chars(key.data(), key.data() + key.size(), value);
  if (ec != std::errc() || end != key.data() + key.size()) return bad();
  ReviewCursor c;
  c.sort = expected;
  c.id = std::string(id);
  if (expected == ReviewSort::newest) {
    c.created_at = Timestamp(std::chrono::milliseconds(value));
  } else {
    if (value < kMinRating || value > kMaxRating) return bad();
    c.rating = static_cast<int>(value);
  }
  return c;
}

}  // namespace veza::reviews
