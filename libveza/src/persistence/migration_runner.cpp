#include <veza/persistence/migrations.hpp>

#include <algorithm>
#include <array>
#include <cstdio>
#include <map>
#include <utility>

#include <openssl/evp.h>

namespace veza {

namespace {

std::string label(int version, std::string_view name) {
  std::array<char, 16> digits{};
  std::snprintf(digits.data(), digits.size(), "%03d", version);
  std::string out(digits.data());
  out += '_';
  out += name;
  return out;
}

}  // namespace

std::string migration_checksum(std::string_view sql) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int size = 0;
  // EVP_Digest only fails on allocation failure; an empty checksum then never matches a
  // recorded one, so the runner refuses instead of applying blindly.
  if (EVP_Digest(sql.data(), sql.size(), digest.data(), &size, EVP_sha256(), nullptr) != 1) return {};
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  out.reserve(std::size_t{size} * 2);
  for (unsigned int i = 0; i < size; ++i) {
    out.push_back(hex[digest[i] >> 4]);
    out.push_back(hex[digest[i] & 0x0F]);
  }
  return out;
}

MigrationRunner::MigrationRunner(MigrationStore& store, std::vector<Migration> known, const Clock& clock)
    : store_(store), known_(std::move(known)), clock_(clock) {
  std::sort(known_.begin(), known_.end(),
            [](const Migration& a, const Migration& b) { return a.version < b.version; });
}

Result<MigrationStatus> MigrationRunner::status() { return check(); }

Result<MigrationStatus> MigrationRunner::check() {
  VEZA_TRY_VOID(store_.ensure_table());
  auto applied = store_.applied();
  if (!applied) return std::move(applied).error();

  std::map<int, const Migration*> by_version;
  for (const auto& m : known_) by_version.emplace(m.version, &m);

  MigrationStatus st;
  st.latest = known_.empty() ? 0 : known_.back().version;
  std::map<int, const AppliedMigration*> done;
  for (const auto& a : *applied) {
    done.emplace(a.version, &a);
    st.current = std::max(st.current, a.version);
  }

  // A version we do not know means a newer binary migrated this database: running our older
  // schema expectations against it (or "fixing" it) could corrupt data, so refuse and let the
  // operator roll forward. The server uses the detail to keep serving (blue-green rollback).
  for (const auto& [version, a] : done) {
    if (by_version.find(version) == by_version.end()) {
      return make_error(ErrorCode::conflict,
                        "the database has migration " + label(version, a->name) +
                            ", which this binary does not know (it knows up to " + std::to_string(st.latest) +
                            "): the database is newer than this binary; run a newer veza",
                        "database_newer");
    }
  }
  for (const auto& [version, a] : done) {
    const Migration& m = *by_version.at(version);
    if (migration_checksum(m.sql) != a->checksum) {
      return make_error(ErrorCode::conflict,
                        "migration " + label(version, m.name) +
                            " differs from the one applied to this database (checksum mismatch): never edit an "
                            "applied migration; restore it and add the change as a new migration");
    }
  }

  st.applied.reserve(done.size());
  for (const auto& [version, a] : done) st.applied.push_back(*a);
  for (const auto& m : known_) {
    if (done.find(m.version) == done.end()) st.pending.push_back(m);
  }
  return st;
}

Result<std::vector<int>> MigrationRunner::migrate() {
  auto st = check();
  if (!st) return std::move(st).error();
  std::vector<int> versions;
  for (const auto& m : st->pending) {
    auto r = store_.apply(m, migration_checksum(m.sql), clock_.now());
    if (!r) {
      Error e = std::move(r).error();
      e.message = "migration " + label(m.version, m.name) + " failed and was rolled back: " + e.message;
      return e;
    }
    versions.push_back(m.version);
  }
  return versions;
}

}  // namespace veza
