#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <veza/core/clock.hpp>
#include <veza/core/id.hpp>
#include <veza/core/metrics.hpp>
#include <veza/orders/order_service.hpp>
#include <veza/persistence/database.hpp>
#include <veza/reviews/review.hpp>

namespace veza::reviews {

struct ReviewOptions {
  // Reports that hide a review until an admin publishes or removes it (VEZA_REVIEW_REPORT_THRESHOLD).
  std::int32_t report_threshold = 3;
};

// What an author submits; the comment is optional (absent or blank: none).
struct ReviewInput {
  std::int64_t rating = 0;
  std::optional<std::string> comment;
};

enum class ModerationAction { publish, remove };

// A product whose stored summary differed from the recomputation (rebuild_summaries).
struct SummaryDrift {
  std::string product_id;
  RatingSummary stored;
  RatingSummary recomputed;
};

struct RebuildReport {
  std::size_t products_checked = 0;
  std::vector<SummaryDrift> drifted;  // each one has been corrected
};

// Product reviews by verified buyers. Every change that moves a review into or out of the
// summary (create, edit, delete, refund, re-purchase, reports, moderation) adjusts the summary
// in the same transaction. Registered as an OrderParticipant so licence changes reach reviews
// inside the order's transaction.
class VEZA_API ReviewService final : public orders::OrderParticipant {
 public:
  ReviewService(Database& db, IdGenerator& ids, const Clock& clock, Metrics* metrics = nullptr,
                ReviewOptions options = {});

  // `validation_failed`: rating outside 1..5, comment over 2,000 characters or not UTF-8;
  // `not_found`: unknown product; `forbidden`: the seller, or no active licence (the message
  // says a purchase is needed); `conflict`: reviewed already (detail `review_exists`, the
  // message names the existing review).
  Result<Review> create(std::string_view user_id, std::string_view product_id, const ReviewInput& input);
  // The author's own review; someone without one gets `not_found`. Keeps the id, sets updated_at.
  Result<Review> edit_mine(std::string_view user_id, std::string_view product_id, const ReviewInput& input);
  Result<void> delete_mine(std::string_view user_id, std::string_view product_id);
  Result<Review> get_mine(std::string_view user_id, std::string_view product_id);

  // Published reviews; limit 1..100; cursor: a previous page's next_cursor of the same sort.
  Result<ReviewPage> list(std::string_view product_id, ReviewSort sort, std::size_t limit,
                          std::optional<std::string_view> cursor);
  // One row read, never a scan; `not_found` for an unknown product.
  Result<RatingSummary> summary(std::string_view product_id);

  // The product's seller answers a review (once; a second call edits the answer).
  Result<Review> reply(std::string_view seller_id, std::string_view product_id, std::string_view review_id,
                       std::string_view text);
  // Any signed-in user, once per review (`conflict` the second time). Reaching the threshold
  // hides a published review.
  Result<Review> report(std::string_view user_id, std::string_view product_id, std::string_view review_id,
                        std::string_view reason);
  // Operators (veza-cli): publish clears the reports; remove takes the review down for good.
  Result<Review> moderate(std::string_view review_id, ModerationAction action);

  // Recomputes every (or one) product's summary from its reviews, corrects and reports drift.
  Result<RebuildReport> rebuild_summaries(std::optional<std::string_view> product_id = std::nullopt);

  Result<void> on_paid(Transaction& tx, const orders::Order& order, const std::vector<orders::Licence>& granted) override;
  Result<void> on_refund_settled(Transaction& tx, const orders::Order& order, const std::vector<orders::Licence>& revoked,
                                 const orders::RefundSettlement& settlement) override;

 private:
  Result<void> set_verified(Transaction& tx, const orders::Licence& licence, bool verified);

  Database& db_;
  IdGenerator& ids_;
  const Clock& clock_;
  Counter* created_ = nullptr;
  ReviewOptions options_;
};

}  // namespace veza::reviews
