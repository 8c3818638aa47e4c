#pragma once
// A small harness for driving the REAL veza-server binary over loopback: a scratch directory,
// child processes owned by RAII objects (killed and reaped when a test fails half-way), a
// redis-server on a free port, and a minimal HTTP/1.1 client on plain POSIX sockets that can
// also send a request slowly, byte by byte or piece by piece.
#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace veza::testing {

using Ms = std::chrono::milliseconds;

// A fresh directory under /tmp, removed at scope exit.
class TempDir {
 public:
  explicit TempDir(std::string_view prefix);
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  [[nodiscard]] const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// A loopback TCP port nothing listens on right now (bind to 0, read it back, close).
std::uint16_t free_port();

// A child process (its own process group), stdout and stderr to files. The destructor SIGKILLs
// and reaps it if it is still running, so no test leaves a process behind.
class Process {
 public:
  Process(const std::vector<std::string>& argv, const std::filesystem::path& out, const std::filesystem::path& err);
  ~Process();
  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;

  [[nodiscard]] pid_t pid() const { return pid_; }
  void signal(int sig) const;
  // The exit code (128 + signal when killed by one), or nullopt if still running after `wait`.
  std::optional<int> wait_exit(Ms wait);
  [[nodiscard]] bool running();

 private:
  pid_t pid_ = -1;
  std::optional<int> code_;
};

// veza-server started with `--http-addr 127.0.0.1:0`, the given settings and, unless the
// settings name them, a SQLite database and a blob dir in `dir`. The constructor returns once
// the first log line says `listening on HOST:PORT` and /readyz answers 200; it throws (failing
// the test) otherwise.
class ServerProcess {
 public:
  ServerProcess(const std::filesystem::path& dir, std::vector<std::string> settings, bool wait_ready = true);
  [[nodiscard]] std::uint16_t port() const { return port_; }
  [[nodiscard]] pid_t pid() const { return process_.pid(); }
  void signal(int sig) const { process_.signal(sig); }
  std::optional<int> wait_exit(Ms wait) { return process_.wait_exit(wait); }
  [[nodiscard]] bool running() { return process_.running(); }
  // Everything the server wrote to stderr so far (its JSON log lines).
  [[nodiscard]] std::string log() const;
  // Waits until a log line contains `needle`.
  bool wait_for_log(std::string_view needle, Ms wait) const;

 private:
  std::filesystem::path err_path_;
  Process process_;
  std::uint16_t port_ = 0;
};

// redis-server on 127.0.0.1 and a free port, no persistence.
class RedisProcess {
 public:
  explicit RedisProcess(const std::filesystem::path& dir);
  [[nodiscard]] std::string url() const { return "redis://127.0.0.1:" + std::to_string(port_) + "/0"; }
  // SIGTERM, then reaps it; the port refuses connections afterwards.
  void stop();

 private:
  std::uint16_t port_ = 0;
  Process process_;
};

// Whether a TCP connect to 127.0.0.1:port succeeds.
bool accepts_connections(std::uint16_t port);

struct HttpResponse {
  unsigned status = 0;
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-case
  std::string body;
  [[nodiscard]] std::optional<std::string> header(std::string_view lower_name) const;
};

// One TCP connection to 127.0.0.1:port. Throws when the connect fails.
class Connection {
 public:
  explicit Connection(std::uint16_t port);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // false when the peer closed or reset the connection.
  bool send(std::string_view bytes);
  // Reads one response (Content-Length framed, or up to EOF without it); nullopt when the
  // connection closed first or nothing complete arrived within `wait`. `to_head`: the answer to
  // a HEAD request, which is its head alone whatever its Content-Length says.
  std::optional<HttpResponse> read_response(Ms wait = Ms(5000), bool to_head = false);
  // Whether the peer closes (EOF or reset) within `wait`; bytes that arrive are discarded.
  bool closed_within(Ms wait);

 private:
  bool fill(std::chrono::steady_clock::time_point until);
  int fd_ = -1;
  std::string buffer_;
  bool eof_ = false;
};

// A request head with Host, Content-Length when there is a body, and `Connection: close`
// unless `keep_alive`; `headers` are complete lines without CRLF ("Authorization: Bearer x").
std::string request_head(std::string_view method, std::string_view target, const std::vector<std::string>& headers,
                         std::size_t body_size, bool keep_alive = false);

// One request on a fresh connection.
HttpResponse http(std::uint16_t port, std::string_view method, std::string_view target,
                  const std::vector<std::string>& headers = {}, std::string_view body = {});

// Runs a program to completion (stdin /dev/null); its exit code and combined output.
std::pair<int, std::string> run_command(const std::vector<std::string>& argv);

// The URL of the PostgreSQL the ctest fixture `veza_postgresql` started (its `postgres`
// database); throws when the fixture has not run.
std::string postgres_admin_url();

}  // namespace veza::testing
