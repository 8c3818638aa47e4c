#pragma once
// Reviews of the in-memory database: the tables (part of InMemoryDatabase::State, so they are
// copied and committed with everything else) and the repository over one copy of them.
#include <map>
#include <memory>
#include <set>
#include <string>
#include <utility>

#include <veza/reviews/review.hpp>

#include "support/in_memory_database.hpp"

namespace veza::testing {

struct InMemoryReviewTables {
  std::map<std::string, reviews::Review> reviews;                 // by id
  std::set<std::pair<std::string, std::string>> reports;          // (review_id, user_id)
  std::map<std::string, reviews::RatingSummary> summaries;        // by product id
};

namespace detail {
std::unique_ptr<reviews::ReviewRepository> make_review_repository(InMemoryDatabase::State& s, bool writable);
}  // namespace detail

}  // namespace veza::testing
