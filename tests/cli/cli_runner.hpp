#pragma once
// Runs the built veza-cli binary as a user would, capturing exit code, stdout and stderr.
#include <filesystem>
#include <string>
#include <vector>

namespace veza::testing {

struct CliRun {
  int code = -1;
  std::string out;
  std::string err;
};

// Runs a program (argv[0] is its path) in `cwd` with stdin from /dev/null.
CliRun run_process(const std::vector<std::string>& argv, const std::filesystem::path& cwd);

// The URL of the PostgreSQL that the ctest fixture `veza_postgresql` starts (its `postgres`
// database); empty when the fixture has not run.
std::string postgres_admin_url();

// A scratch directory removed at scope exit, holding a SQLite database and a blob dir.
class CliSandbox {
 public:
  CliSandbox();
  ~CliSandbox();
  CliSandbox(const CliSandbox&) = delete;
  CliSandbox& operator=(const CliSandbox&) = delete;

  [[nodiscard]] const std::filesystem::path& dir() const { return dir_; }
  // Runs veza-cli with `args`, the database URL (SQLite in dir() unless set) and the blob dir.
  CliRun run(const std::vector<std::string>& args) const;
  std::string database_url;

 private:
  std::filesystem::path dir_;
};

}  // namespace veza::testing
