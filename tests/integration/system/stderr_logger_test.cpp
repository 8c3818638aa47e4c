#include "adapters/system/stderr_logger.hpp"

#include <cstdio>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <boost/json/parse.hpp>
#include <doctest/doctest.h>

#include "support/fake_clock.hpp"

using veza::LogLevel;
using veza::adapters::StderrLogger;
using veza::testing::FakeClock;

namespace {

struct FileCloser {
  void operator()(std::FILE* f) const { std::fclose(f); }
};
using File = std::unique_ptr<std::FILE, FileCloser>;

std::string contents(std::FILE* f) {
  std::fflush(f);
  std::rewind(f);
  std::string out;
  char buf[4096];
  for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, f)) > 0;) out.append(buf, n);
  std::fseek(f, 0, SEEK_END);
  return out;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

std::string field(const boost::json::value& v, const char* key) {
  const auto* s = v.as_object().if_contains(key);
  return s && s->is_string() ? std::string(s->as_string()) : std::string("<missing>");
}

}  // namespace

TEST_SUITE("system") {
  TEST_CASE("the logger keeps every line, in order per thread, under back-pressure from a tiny buffer") {
    File file(std::tmpfile());
    REQUIRE(file);
    FakeClock clock;
    constexpr int kThreads = 3;
    constexpr int kLines = 2000;
    {
      StderrLogger log(clock, LogLevel::info, file.get(), 512);  // a few lines: callers must wait
      std::vector<std::thread> threads;
      for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&log, t] {
          for (int i = 0; i < kLines; ++i) {
            log.log(LogLevel::info, "request", {{"thread", std::to_string(t)}, {"n", std::to_string(i)}});
          }
        });
      }
      for (auto& th : threads) th.join();
      log.log(LogLevel::debug, "below the level: not written");
    }  // the destructor writes what is pending
    const auto lines = lines_of(contents(file.get()));
    REQUIRE(lines.size() == kThreads * kLines);
    std::vector<int> next(kThreads, 0);
    bool in_order = true;
    for (const auto& line : lines) {
      const auto v = boost::json::parse(line);
      CHECK(field(v, "msg") == "request");
      const int t = std::stoi(field(v, "thread"));
      in_order = in_order && std::stoi(field(v, "n")) == next[static_cast<std::size_t>(t)]++;
    }
    CHECK(in_order);
  }

  TEST_CASE("the logger writes valid JSON for awkward text, and flush() and errors do not wait for the batch") {
    File file(std::tmpfile());
    REQUIRE(file);
    FakeClock clock;
    StderrLogger log(clock, LogLevel::info, file.get());
    const std::string awkward = "quote \" backslash \\ newline \n tab \t bell \x01 caf\xc3\xa9";
    log.log(LogLevel::warn, awkward, {{"key \"k\"", awkward}});
    log.flush();
    auto lines = lines_of(contents(file.get()));
    REQUIRE(lines.size() == 1);
    const auto v = boost::json::parse(lines[0]);
    CHECK(field(v, "level") == "warn");
    CHECK(field(v, "msg") == awkward);
    CHECK(field(v, "key \"k\"") == awkward);
    CHECK(field(v, "ts") == "2026-07-01T10:15:30.123Z");

    log.log(LogLevel::error, "written before log() returns");
    lines = lines_of(contents(file.get()));
    REQUIRE(lines.size() == 2);
    CHECK(field(boost::json::parse(lines[1]), "msg") == "written before log() returns");
  }
}
