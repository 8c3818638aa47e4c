#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <veza/core/clock.hpp>
#include <veza/core/result.hpp>

namespace veza::reviews {

inline constexpr int kMinRating = 1;
inline constexpr int kMaxRating = 5;
inline constexpr std::size_t kMaxCommentChars = 2000;
inline constexpr std::size_t kMaxReplyChars = 2000;
inline constexpr std::size_t kMaxReportReasonChars = 500;
inline constexpr std::size_t kMaxReviewPageSize = 100;

// Moderation state. `hidden`: reported often enough to leave lists and the summary until an
// admin decides; `removed`: an admin took it down for good (the row stays, so the author
// cannot simply post it again).
enum class ReviewStatus { published, hidden, removed };
VEZA_API std::string_view to_string(ReviewStatus s) noexcept;
VEZA_API std::optional<ReviewStatus> parse_review_status(std::string_view text) noexcept;

// The seller's one public answer to a review.
struct ReviewReply {
  std::string text;
  Timestamp created_at{};
  Timestamp updated_at{};
};

struct Review {
  std::string id;
  std::string product_id;
  std::string user_id;
  int rating = kMinRating;
  std::optional<std::string> comment;
  // The author holds an active licence for the product. Only verified, published reviews
  // count in the summary; a refund clears this flag, a new purchase sets it again.
  bool verified_purchase = true;
  ReviewStatus status = ReviewStatus::published;
  std::int32_t report_count = 0;
  std::optional<ReviewReply> reply;
  Timestamp created_at{};
  Timestamp updated_at{};

  [[nodiscard]] bool counts() const noexcept { return verified_purchase && status == ReviewStatus::published; }
};

// The per-product aggregate, maintained in the transaction of every change so that reading
// it never scans reviews.
struct RatingSummary {
  std::int64_t count = 0;
  std::int64_t sum = 0;
  std::array<std::int64_t, 5> stars{};  // stars[0] counts 1-star reviews

  // Half-up to two decimals, in hundredths (425 = 4.25); nullopt when there is no review.
  [[nodiscard]] VEZA_API std::optional<std::int64_t> average_hundredths() const noexcept;
  [[nodiscard]] std::optional<double> average() const noexcept {
    auto h = average_hundredths();
    if (!h) return std::nullopt;
    return static_cast<double>(*h) / 100.0;
  }
  // Adds (delta 1) or removes (delta -1) one review of `rating`.
  VEZA_API void apply(int rating, int delta) noexcept;
  friend bool operator==(const RatingSummary&, const RatingSummary&) = default;
};

enum class ReviewSort { newest, highest, lowest };
VEZA_API std::string_view to_string(ReviewSort s) noexcept;
VEZA_API std::optional<ReviewSort> parse_review_sort(std::string_view text) noexcept;

// Where a page ends, in the order of its sort: newest by (created_at, id) descending;
// highest by (rating desc, id desc); lowest by (rating asc, id desc).
struct ReviewCursor {
  ReviewSort sort = ReviewSort::newest;
  Timestamp created_at{};
  int rating = 0;
  std::string id;
};
// Opaque to clients: the sort, its key and the id, in URL-safe characters.
VEZA_API std::string encode_cursor(const ReviewCursor& cursor);
// `invalid_argument` for anything we did not make, or a cursor of another sort.
VEZA_API Result<ReviewCursor> decode_cursor(std::string_view text, ReviewSort expected);

struct ReviewPage {
  std::vector<Review> items;
  std::optional<std::string> next_cursor;
};

struct ReviewReport {
  std::string review_id;
  std::string user_id;
  std::string reason;
  Timestamp created_at{};
};

// Port: reviews, their reports and the per-product summary. Methods that take `for_update`
// lock the row for the rest of the transaction (PostgreSQL `FOR UPDATE`; SQLite's write
// transactions hold the database lock already), so read-modify-write never loses an update.
class VEZA_API ReviewRepository {
 public:
  virtual ~ReviewRepository() = default;
  // `conflict` when the user already reviewed the product.
  virtual Result<void> insert(const Review& review) = 0;
  virtual Result<std::optional<Review>> find_by_id(std::string_view id, bool for_update) = 0;
  virtual Result<std::optional<Review>> find_by_author(std::string_view product_id, std::string_view user_id,
                                                       bool for_update) = 0;
  // Writes every mutable field (rating, comment, verified, status, reports, reply, updated_at).
  virtual Result<bool> update(const Review& review) = 0;
  virtual Result<bool> remove(std::string_view id) = 0;
  // Published reviews of the product in the sort's order, strictly after `after`.
  virtual Result<std::vector<Review>> list_published(std::string_view product_id, ReviewSort sort, std::size_t limit,
                                                     const std::optional<ReviewCursor>& after) = 0;
  // False (nothing written) when this user already reported this review.
  virtual Result<bool> add_report(const ReviewReport& report) = 0;

  // The stored summary (all zero when none is stored).
  virtual Result<RatingSummary> summary(std::string_view product_id) = 0;
  // One atomic arithmetic update (an UPSERT), safe against concurrent writers.
  virtual Result<void> adjust_summary(std::string_view product_id, int rating, int delta) = 0;
  // The summary recomputed from the reviews themselves (a scan: for rebuild and checks only).
  virtual Result<RatingSummary> recompute_summary(std::string_view product_id) = 0;
  virtual Result<void> store_summary(std::string_view product_id, const RatingSummary& summary) = 0;
  // Every product with a review or a stored summary, in id order.
  virtual Result<std::vector<std::string>> products_with_reviews() = 0;
};

}  // namespace veza::reviews
