#pragma once
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string_view>

#include <veza/core/result.hpp>
#include <veza/persistence/database.hpp>

namespace veza::testing {

// The Database port in memory, honouring the SQL adapter's contract: a transaction works on a
// private copy of the data (it sees its own writes), commit publishes the copy atomically, an
// error or exception from the work discards it, and a mutex serialises transactions (so work
// must not open a nested transaction on the same database). Repositories refuse what the
// schema refuses: a duplicate email (case-insensitively), token hash or id, a second active
// licence for one user and product, a row whose referenced user/product/order is missing
// (foreign keys, `conflict`), and any write inside a TxMode::read transaction (`internal`:
// a service bug).
class InMemoryDatabase final : public Database {
 public:
  InMemoryDatabase();
  ~InMemoryDatabase() override;
  InMemoryDatabase(const InMemoryDatabase&) = delete;
  InMemoryDatabase& operator=(const InMemoryDatabase&) = delete;

  Result<void> run(TxMode mode, const std::function<Result<void>(Transaction&)>& work) override;

  // The next transaction fails with `error` before its work runs (the database is down).
  void fail_next_transaction(Error error = make_error(ErrorCode::unavailable, "the database is unavailable (test)"));
  // The next transaction runs its work, then fails to commit: nothing it wrote is kept.
  void fail_next_commit(Error error = make_error(ErrorCode::unavailable, "the commit failed (test)"));

  // How many transactions were begun / committed, so tests can assert "no database lookup".
  [[nodiscard]] std::size_t transactions_begun() const;
  [[nodiscard]] std::size_t commits() const;
  // Committed rows of a table ("users", "sessions", "oauth_identities"), for "nothing was
  // written" checks; an unknown name is a test bug and throws.
  [[nodiscard]] std::size_t rows(std::string_view table) const;

  struct State;

 private:
  mutable std::mutex mutex_;
  std::unique_ptr<State> state_;
  std::optional<Error> fail_before_;
  std::optional<Error> fail_commit_;
  std::size_t begun_ = 0;
  std::size_t commits_ = 0;
};

}  // namespace veza::testing
