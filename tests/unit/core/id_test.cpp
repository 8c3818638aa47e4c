#include <doctest/doctest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <veza/core/id.hpp>

#include "support/fake_clock.hpp"
#include "support/sequential_ids.hpp"

using namespace std::chrono_literals;
using veza::is_uuid;
using veza::Uuid7Generator;
using veza::testing::FakeClock;
using veza::testing::SequentialIds;

TEST_SUITE("core") {
  TEST_CASE("UUIDv7 ids carry the clock's milliseconds, version 7 and the RFC variant in lower case") {
    FakeClock clock;  // 1782900930123 ms
    Uuid7Generator ids(clock);
    const std::string id = ids.next();
    CHECK(is_uuid(id));
    CHECK(id.substr(0, 13) == "019f1d2d-364b");
    CHECK(id[14] == '7');
    CHECK(std::string("89ab").find(id[19]) != std::string::npos);
    CHECK(id.find_first_of("ABCDEF") == std::string::npos);
  }

  TEST_CASE("UUIDv7 ids stay ordered within one millisecond and when the clock steps back") {
    FakeClock clock;
    Uuid7Generator ids(clock);
    std::string previous = ids.next();
    bool ordered = true;
    for (int i = 0; i < 5000; ++i) {  // past the 12-bit counter: the millisecond moves on
      const std::string next = ids.next();
      ordered = ordered && next > previous;
      previous = next;
    }
    CHECK(ordered);
    clock.advance(-1h);
    CHECK(ids.next() > previous);
  }

  TEST_CASE("UUIDv7 ids stay unique across threads drawing random bits from their own buffers") {
    FakeClock clock;  // one millisecond for all: only the counter and the random bits tell them apart
    Uuid7Generator ids(clock);
    std::vector<std::vector<std::string>> made(4);
    std::vector<std::thread> threads;
    for (auto& out : made) {
      threads.emplace_back([&ids, &out] {
        for (int i = 0; i < 3000; ++i) out.push_back(ids.next());  // several refills of each buffer
      });
    }
    for (auto& t : threads) t.join();
    std::set<std::string> all;
    for (const auto& out : made) all.insert(out.begin(), out.end());
    CHECK(all.size() == 4 * 3000);
  }

  TEST_CASE("a forked child does not reuse the parent's unspent random bits") {
    FakeClock clock;
    Uuid7Generator ids(clock);
    (void)ids.next();  // the buffer now holds unspent bytes, which the child inherits
    int pipe_fds[2];
    REQUIRE(::pipe(pipe_fds) == 0);
    const pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
      const std::string id = ids.next();
      const bool sent = ::write(pipe_fds[1], id.data(), id.size()) == static_cast<ssize_t>(id.size());
      ::_exit(sent ? 0 : 1);
    }
    ::close(pipe_fds[1]);
    const std::string mine = ids.next();
    std::string theirs(36, '\0');
    const ssize_t got = ::read(pipe_fds[0], theirs.data(), theirs.size());
    ::close(pipe_fds[0]);
    int status = 0;
    ::waitpid(child, &status, 0);
    REQUIRE(got == 36);
    CHECK(WIFEXITED(status));
    // Same clock, same counter state: the time and counter agree, the random field must not.
    CHECK(theirs.substr(0, 18) == mine.substr(0, 18));
    CHECK(theirs.substr(19) != mine.substr(19));
  }

  TEST_CASE("is_uuid accepts the 8-4-4-4-12 hex form in either case only") {
    CHECK(is_uuid("019f1e0e-6b4b-7000-8000-000000000001"));
    CHECK(is_uuid("019F1E0E-6B4B-7000-8000-00000000000A"));
    for (const char* bad : {"", "019f1e0e6b4b70008000000000000001", "019f1e0e-6b4b-7000-8000-00000000000g",
                            "019f1e0e-6b4b-7000-8000-0000000000011", "{019f1e0e-6b4b-7000-8000-000000000001}",
                            "019f1e0e_6b4b-7000-8000-000000000001"}) {
      INFO(bad);
      CHECK_FALSE(is_uuid(bad));
    }
  }

  TEST_CASE("sequential test ids are valid UUIDs that increase") {
    SequentialIds ids;
    const std::string a = ids.next();
    const std::string b = ids.next();
    CHECK(a == "00000000-0000-7000-8000-000000000001");
    CHECK(b == SequentialIds::nth(2));
    CHECK(is_uuid(a));
    CHECK(b > a);
    CHECK(SequentialIds::nth(0x10) > SequentialIds::nth(0xf));
  }
}
