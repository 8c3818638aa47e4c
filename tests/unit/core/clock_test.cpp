#include <doctest/doctest.h>

#include <chrono>

#include <veza/core/clock.hpp>

using namespace std::chrono_literals;
using veza::format_timestamp;
using veza::parse_timestamp;
using veza::Timestamp;

TEST_SUITE("core") {
  TEST_CASE("timestamps are written as RFC 3339 UTC with milliseconds") {
    CHECK(format_timestamp(Timestamp{1'782'900'930'123ms}) == "2026-07-01T10:15:30.123Z");
    CHECK(format_timestamp(Timestamp{0ms}) == "1970-01-01T00:00:00.000Z");
    CHECK(format_timestamp(Timestamp{951'782'400'007ms}) == "2000-02-29T00:00:00.007Z");
  }

  TEST_CASE("what we write parses back to the same instant") {
    const Timestamp t{1'782'900'930'123ms};
    CHECK(parse_timestamp(format_timestamp(t)) == t);
  }

  TEST_CASE("timestamps from databases parse: space separator, microseconds, offsets or none") {
    const Timestamp t{1'782'900'930'123ms};
    CHECK(parse_timestamp("2026-07-01 10:15:30.123") == t);
    CHECK(parse_timestamp("2026-07-01 10:15:30.123456+00") == t);
    CHECK(parse_timestamp("2026-07-01T10:15:30.123+00:00") == t);
    CHECK(parse_timestamp("2026-07-01T10:15:30.1Z") == Timestamp{1'782'900'930'100ms});
    CHECK(parse_timestamp("2026-07-01T10:15:30Z") == Timestamp{1'782'900'930'000ms});
  }

  TEST_CASE("malformed timestamps and other zones are refused") {
    for (const char* bad : {"", "2026-07-01", "2026-13-01T00:00:00Z", "2026-02-30T00:00:00Z", "2026-07-01T24:00:00Z",
                            "2026-07-01T10:15:30+02:00", "2026-07-01T10:15:30.Z", "2026/07/01T10:15:30Z",
                            "2026-07-01T10:15:30.123Zjunk"}) {
      INFO(bad);
      CHECK_FALSE(parse_timestamp(bad));
    }
  }
}
