#pragma once
#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <veza/persistence/migrations.hpp>

namespace veza::testing {

// An in-memory MigrationStore: records what was applied, and can be told to fail applying one
// version (as a script that breaks midway would) so runner tests see the rollback contract.
class FakeMigrationStore final : public MigrationStore {
 public:
  Result<void> ensure_table() override {
    ++ensure_calls;
    return {};
  }

  Result<std::vector<AppliedMigration>> applied() override { return rows; }

  Result<void> apply(const Migration& migration, std::string_view checksum, Timestamp at) override {
    executed.push_back(migration.version);
    if (fail_version && *fail_version == migration.version) {
      // A real store rolls the transaction back: nothing is recorded.
      return make_error(ErrorCode::internal, "syntax error near \"BROKEN\"");
    }
    rows.push_back(AppliedMigration{migration.version, migration.name, std::string(checksum), at});
    std::sort(rows.begin(), rows.end(),
              [](const AppliedMigration& a, const AppliedMigration& b) { return a.version < b.version; });
    return {};
  }

  std::vector<AppliedMigration> rows;
  std::vector<int> executed;
  std::optional<int> fail_version;
  int ensure_calls = 0;
};

}  // namespace veza::testing
