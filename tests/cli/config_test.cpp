// The runtime's settings that pick thread counts: what the server sizes its pools by.
#include <algorithm>
#include <thread>

#include <doctest/doctest.h>

#include <veza/runtime/config.hpp>

namespace {

veza::Result<veza::LoadedConfig> load(const std::vector<std::string>& args) {
  const char* const no_environment[] = {nullptr};
  return veza::load_config(args, no_environment);
}

}  // namespace

TEST_SUITE("config") {
  TEST_CASE("worker threads: an explicit count is kept, 0 picks one per CPU for SQLite and 8 for PostgreSQL") {
    auto defaults = load({});
    REQUIRE(defaults);
    CHECK(defaults->config.worker_threads == 0);
    CHECK(defaults->config.provider_threads == 8);
    const std::size_t cpus = std::max<std::size_t>(2, std::thread::hardware_concurrency());
    CHECK(veza::worker_threads_for(defaults->config) == cpus);

    auto pg = load({"--database-url", "postgresql://veza@127.0.0.1:5432/veza"});
    REQUIRE(pg);
    CHECK(veza::worker_threads_for(pg->config) == 8);

    auto set = load({"--worker-threads", "3", "--provider-threads", "5"});
    REQUIRE(set);
    CHECK(veza::worker_threads_for(set->config) == 3);
    CHECK(set->config.provider_threads == 5);
  }

  TEST_CASE("seller identity: empty is fine while payments are off, and named once they are on") {
    const char* const empty_env[] = {"VEZA_SELLER_NAME=", "VEZA_SELLER_ADDRESS=", "VEZA_SELLER_VAT_ID=", nullptr};
    auto off = veza::load_config({}, empty_env);
    REQUIRE(off);
    CHECK(off->config.seller_name.empty());
    auto on = veza::require_seller_identity(off->config);
    REQUIRE_FALSE(on);
    CHECK(on.error().message.find("VEZA_SELLER_NAME") != std::string::npos);
    CHECK(on.error().message.find("VEZA_SELLER_VAT_ID") != std::string::npos);
  }

  TEST_CASE("thread counts out of range are refused by name") {
    auto no_provider_threads = load({"--provider-threads", "0"});
    REQUIRE_FALSE(no_provider_threads);
    CHECK(no_provider_threads.error().code == veza::ErrorCode::invalid_argument);
    CHECK(no_provider_threads.error().message.find("provider-threads") != std::string::npos);
    auto too_many = load({"--worker-threads", "513"});
    REQUIRE_FALSE(too_many);
    CHECK(too_many.error().message.find("worker-threads") != std::string::npos);
  }
}
