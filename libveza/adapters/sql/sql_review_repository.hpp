#pragma once
#include <soci/soci.h>

#include <veza/reviews/review.hpp>

#include "adapters/sql/sql_statement_cache.hpp"

namespace veza::adapters {

// reviews::ReviewRepository over one SOCI session (inside the caller's transaction). The
// summary row is changed only by arithmetic UPSERTs, which PostgreSQL applies under the row's
// lock and SQLite under its write lock, so concurrent writers never lose an update.
class SqlReviewRepository final : public reviews::ReviewRepository {
 public:
  SqlReviewRepository(soci::session& sql, StatementCache& statements) : sql_(sql), statements_(statements) {}
  Result<void> insert(const reviews::Review& review) override;
  Result<std::optional<reviews::Review>> find_by_id(std::string_view id, bool for_update) override;
  Result<std::optional<reviews::Review>> find_by_author(std::string_view product_id, std::string_view user_id,
                                                        bool for_update) override;
  Result<bool> update(const reviews::Review& review) override;
  Result<bool> remove(std::string_view id) override;
  Result<std::vector<reviews::Review>> list_published(std::string_view product_id, reviews::ReviewSort sort,
                                                      std::size_t limit,
                                                      const std::optional<reviews::ReviewCursor>& after) override;
  Result<bool> add_report(const reviews::ReviewReport& report) override;
  Result<reviews::RatingSummary> summary(std::string_view product_id) override;
  Result<void> adjust_summary(std::string_view product_id, int rating, int delta) override;
  Result<reviews::RatingSummary> recompute_summary(std::string_view product_id) override;
  Result<void> store_summary(std::string_view product_id, const reviews::RatingSummary& summary) override;
  Result<std::vector<std::string>> products_with_reviews() override;

 private:
  Result<std::vector<reviews::Review>> query(const std::string& where, const std::vector<std::string>& params);
  [[nodiscard]] const char* lock_clause() const;

  soci::session& sql_;
  StatementCache& statements_;  // reads are prepared once per connection (the hot paths)
};

}  // namespace veza::adapters
