// Reviews of the in-memory database, refusing what the schema refuses: a second review of one
// product by one user, a review or report whose product or user is missing (foreign keys).
#include "support/in_memory_review_repository.hpp"

#include <algorithm>
#include <vector>

#include "support/in_memory_state.hpp"

namespace veza::testing::detail {
namespace {

using reviews::RatingSummary;
using reviews::Review;
using reviews::ReviewCursor;
using reviews::ReviewSort;

// The SQL adapter's orders, so both fakes and real databases page alike.
bool before(const Review& a, const Review& b, ReviewSort sort) {
  switch (sort) {
    case ReviewSort::newest:
      if (a.created_at != b.created_at) return a.created_at > b.created_at;
      return a.id > b.id;
    case ReviewSort::highest:
      if (a.rating != b.rating) return a.rating > b.rating;
      return a.id > b.id;
    case ReviewSort::lowest:
      if (a.rating != b.rating) return a.rating < b.rating;
      return a.id > b.id;
  }
  return false;
}

class ReviewRepository final : public reviews::ReviewRepository {
 public:
  ReviewRepository(InMemoryDatabase::State& s, bool writable) : s_(s), t_(s.reviews), writable_(writable) {}

  Result<void> insert(const Review& r) override {
    VEZA_TRY_VOID(require_writable(writable_));
    if (t_.reviews.contains(r.id)) return make_error(ErrorCode::conflict, "a review with id " + r.id + " already exists");
    if (!s_.products.contains(r.product_id) || !s_.users.contains(r.user_id)) {
      return make_error(ErrorCode::conflict, "review for an unknown product or user");
    }
    for (const auto& [id, other] : t_.reviews) {
      if (other.product_id == r.product_id && other.user_id == r.user_id) {
        return make_error(ErrorCode::conflict, "the user already reviewed this product");
      }
    }
    t_.reviews.emplace(r.id, r);
    return ok();
  }

  Result<std::optional<Review>> find_by_id(std::string_view id, bool) override {
    const auto it = t_.reviews.find(std::string(id));
    if (it == t_.reviews.end()) return std::optional<Review>{};
    return std::optional<Review>{it->second};
  }

  Result<std::optional<Review>> find_by_author(std::string_view product_id, std::string_view user_id, bool) override {
    for (const auto& [id, r] : t_.reviews) {
      if (r.product_id == product_id && r.user_id == user_id) return std::optional<Review>{r};
    }
    return std::optional<Review>{};
  }

  Result<bool> update(const Review& r) override {
    VEZA_TRY_VOID(require_writable(writable_));
    const auto it = t_.reviews.find(r.id);
    if (it == t_.reviews.end()) return false;
    Review& stored = it->second;
    stored.rating = r.rating;
    stored.comment = r.comment;
    stored.verified_purchase = r.verified_purchase;
    stored.status = r.status;
    stored.report_count = r.report_count;
    stored.reply = r.reply;
    stored.updated_at = r.updated_at;
    return true;
  }

  Result<bool> remove(std::string_view id) override {
    VEZA_TRY_VOID(require_writable(writable_));
    const auto it = t_.reviews.find(std::string(id));
    if (it == t_.reviews.end()) return false;
    t_.reviews.erase(it);
    std::erase_if(t_.reports, [&](const auto& key) { return key.first == id; });  // ON DELETE CASCADE
    return true;
  }

  Result<std::vector<Review>> list_published(std::string_view product_id, ReviewSort sort, std::size_t limit,
                                             const std::optional<ReviewCursor>& after) override {
    std::vector<Review> all;
    Review mark;
    if (after) {
      mark.created_at = after->created_at;
      mark.rating = after->rating;
      mark.id = after->id;
    }
    for (const auto& [id, r] : t_.reviews) {
      if (r.product_id != product_id || r.status != reviews::ReviewStatus::published) continue;
      if (after && !before(mark, r, sort)) continue;
      all.push_back(r);
    }
    std::sort(all.begin(), all.end(), [&](const Review& a, const Review& b) { return before(a, b, sort); });
    if (all.size() > limit) all.resize(limit);
    return all;
  }

  Result<bool> add_report(const reviews::ReviewReport& report) override {
    VEZA_TRY_VOID(require_writable(writable_));
    if (!t_.reviews.contains(report.review_id) || !s_.users.contains(report.user_id)) {
      return make_error(ErrorCode::conflict, "report of an unknown review or by an unknown user");
    }
    return t_.reports.emplace(report.review_id, report.user_id).second;
  }

  Result<RatingSummary> summary(std::string_view product_id) override {
    const auto it = t_.summaries.find(std::string(product_id));
    return it == t_.summaries.end() ? RatingSummary{} : it->second;
  }

  Result<void> adjust_summary(std::string_view product_id, int rating, int delta) override {
    VEZA_TRY_VOID(require_writable(writable_));
    t_.summaries[std::string(product_id)].apply(rating, delta);
    return ok();
  }

  Result<RatingSummary> recompute_summary(std::string_view product_id) override {
    RatingSummary s;
    for (const auto& [id, r] : t_.reviews) {
      if (r.product_id == product_id && r.counts()) s.apply(r.rating, 1);
    }
    return s;
  }

  Result<void> store_summary(std::string_view product_id, const RatingSummary& summary) override {
    VEZA_TRY_VOID(require_writable(writable_));
    t_.summaries[std::string(product_id)] = summary;
    return ok();
  }

  Result<std::vector<std::string>> products_with_reviews() override {
    std::set<std::string> ids;
    for (const auto& [id, r] : t_.reviews) ids.insert(r.product_id);
    for (const auto& [id, s] : t_.summaries) ids.insert(id);
    return std::vector<std::string>(ids.begin(), ids.end());
  }

 private:
  InMemoryDatabase::State& s_;
  InMemoryReviewTables& t_;
  bool writable_;
};

}  // namespace

std::unique_ptr<reviews::ReviewRepository> make_review_repository(InMemoryDatabase::State& s, bool writable) {
  return std::make_unique<ReviewRepository>(s, writable);
}

}  // namespace veza::testing::detail
