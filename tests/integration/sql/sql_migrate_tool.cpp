// veza-sql-migrate: migrates a database with the embedded migrations, nothing else. A test
// tool for migrations/baseline.sh, taking veza-cli's argument shape
// (`--database-url URL migrate [--status]`) so either binary can drive the script.
#include <iostream>
#include <string>
#include <vector>

#include <veza/core/clock.hpp>
#include <veza/persistence/migrations.hpp>

#include "adapters/sql/sql_database.hpp"
#include "adapters/system/system_clock.hpp"

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  std::string url;
  bool migrate = false, status = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--database-url" && i + 1 < args.size()) {
      url = args[++i];
    } else if (args[i] == "migrate") {
      migrate = true;
    } else if (args[i] == "--status") {
      status = true;
    } else {
      std::cerr << "usage: veza-sql-migrate --database-url URL migrate [--status]\n";
      return 2;
    }
  }
  if (url.empty() || !migrate) {
    std::cerr << "usage: veza-sql-migrate --database-url URL migrate [--status]\n";
    return 2;
  }
  veza::adapters::SqlOptions options;
  options.url = url;
  options.pool_size = 1;
  auto db = veza::adapters::SqlDatabase::open(options);
  if (!db) {
    std::cerr << "veza-sql-migrate: " << db.error().message << "\n";
    return 1;
  }
  veza::adapters::SystemClock clock;
  veza::MigrationRunner runner((*db)->migration_store(), veza::adapters::embedded_migrations((*db)->dialect()), clock);
  if (status) {
    auto st = runner.status();
    if (!st) {
      std::cerr << "veza-sql-migrate: " << st.error().message << "\n";
      return 4;
    }
    std::cout << "current " << st->current << ", latest " << st->latest << ", pending " << st->pending.size() << "\n";
    return 0;
  }
  auto applied = runner.migrate();
  if (!applied) {
    std::cerr << "veza-sql-migrate: " << applied.error().message << "\n";
    return applied.error().code == veza::ErrorCode::conflict ? 4 : 1;
  }
  std::cout << "applied " << applied->size() << " migration(s)\n";
  return 0;
}
