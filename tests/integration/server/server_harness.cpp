#include "server_harness.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace veza::testing {
namespace {

using Clock = std::chrono::steady_clock;

sockaddr_in loopback(std::uint16_t port) {
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return addr;
}

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream os;
  os << in.rdbuf();
  return os.str();
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return s;
}

bool has_setting(const std::vector<std::string>& settings, std::string_view flag) {
  for (const auto& s : settings) {
    if (s == flag || s.rfind(std::string(flag) + "=", 0) == 0) return true;
  }
  return false;
}

// The port of the first `listening on HOST:PORT` log line, 0 when there is none yet.
std::uint16_t listening_port(const std::string& log) {
  const auto at = log.find("listening on ");
  if (at == std::string::npos) return 0;
  const auto end = log.find_first_of("\"\n", at);
  const std::string addr = log.substr(at, end - at);
  const auto colon = addr.rfind(':');
  if (colon == std::string::npos) return 0;
  return static_cast<std::uint16_t>(std::stoul(addr.substr(colon + 1)));
}

}  // namespace

TempDir::TempDir(std::string_view prefix) {
  std::random_device rd;
  path_ = std::filesystem::temp_directory_path() /
          (std::string(prefix) + "-" + std::to_string(rd()) + std::to_string(rd()));
  std::filesystem::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

std::uint16_t free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) throw std::runtime_error("socket failed");
  sockaddr_in addr = loopback(0);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    throw std::runtime_error("bind failed");
  }
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  return ntohs(addr.sin_port);
}

Process::Process(const std::vector<std::string>& args, const std::filesystem::path& out,
                 const std::filesystem::path& err) {
  std::vector<std::string> copy = args;
  std::vector<char*> argv;
  for (auto& a : copy) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_addopen(&fa, 2, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);  // a ctrl-C at the terminal is ours, not its
  posix_spawnattr_setpgroup(&attr, 0);
  const int rc = ::posix_spawnp(&pid_, argv[0], &fa, &attr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  posix_spawnattr_destroy(&attr);
  if (rc != 0) throw std::runtime_error("cannot start " + args[0] + ": " + std::strerror(rc));
}

Process::~Process() {
  if (running()) {
    ::kill(pid_, SIGKILL);
    int status = 0;
    ::waitpid(pid_, &status, 0);
  }
}

void Process::signal(int sig) const {
  if (::kill(pid_, sig) != 0) throw std::runtime_error("kill failed: " + std::string(std::strerror(errno)));
}

std::optional<int> Process::wait_exit(Ms wait) {
  const auto until = Clock::now() + wait;
  for (;;) {
    if (!running()) return code_;
    if (Clock::now() >= until) return std::nullopt;
    std::this_thread::sleep_for(Ms(5));
  }
}

bool Process::running() {
  if (code_) return false;
  int status = 0;
  const pid_t r = ::waitpid(pid_, &status, WNOHANG);
  if (r == 0) return true;
  if (r == pid_) {
    code_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  } else {
    code_ = -1;  // not our child any more (already reaped): treat as gone
  }
  return false;
}

ServerProcess::ServerProcess(const std::filesystem::path& dir, std::vector<std::string> settings, bool wait_ready)
    : err_path_(dir / "server.stderr"),
      process_(
          [&] {
            std::vector<std::string> argv{VEZA_SERVER_PATH, "--http-addr", "127.0.0.1:0", "--log-level", "info"};
            if (!has_setting(settings, "--database-url")) {
              argv.insert(argv.end(), {"--database-url", "sqlite://" + (dir / "veza.db").string()});
            }
            if (!has_setting(settings, "--blob-dir")) {
              argv.insert(argv.end(), {"--blob-dir", (dir / "blobs").string()});
            }
            argv.insert(argv.end(), settings.begin(), settings.end());
            return argv;
          }(),
          dir / "server.stdout", dir / "server.stderr") {
  const auto until = Clock::now() + Ms(15000);
  while (port_ == 0) {
    port_ = listening_port(log());
    if (port_) break;
    if (!process_.running()) throw std::runtime_error("veza-server exited before listening:\n" + log());
    if (Clock::now() >= until) throw std::runtime_error("veza-server never logged 'listening on':\n" + log());
    std::this_thread::sleep_for(Ms(5));
  }
  if (!wait_ready) return;
  for (;;) {
    if (!process_.running()) throw std::runtime_error("veza-server exited before ready:\n" + log());
    if (http(port_, "GET", "/readyz").status == 200) return;
    if (Clock::now() >= until) throw std::runtime_error("veza-server never became ready:\n" + log());
    std::this_thread::sleep_for(Ms(10));
  }
}

std::string ServerProcess::log() const { return slurp(err_path_); }

bool ServerProcess::wait_for_log(std::string_view needle, Ms wait) const {
  const auto until = Clock::now() + wait;
  for (;;) {
    if (log().find(needle) != std::string::npos) return true;
    if (Clock::now() >= until) return false;
    std::this_thread::sleep_for(Ms(2));
  }
}

RedisProcess::RedisProcess(const std::filesystem::path& dir)
    : port_(free_port()),
      process_({"redis-server", "--bind", "127.0.0.1", "--port", std::to_string(port_), "--save", "", "--appendonly",
                "no", "--dir", dir.string()},
               dir / "redis.stdout", dir / "redis.stderr") {
  const auto until = Clock::now() + Ms(5000);
  while (!accepts_connections(port_)) {
    if (!process_.running() || Clock::now() >= until) {
      throw std::runtime_error("redis-server did not start on port " + std::to_string(port_) + ":\n" +
                               slurp(dir / "redis.stdout"));
    }
    std::this_thread::sleep_for(Ms(10));
  }
}

void RedisProcess::stop() {
  process_.signal(SIGTERM);
  if (!process_.wait_exit(Ms(5000))) throw std::runtime_error("redis-server did not stop");
}

bool accepts_connections(std::uint16_t port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return false;
  sockaddr_in addr = loopback(port);
  const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  ::close(fd);
  return ok;
}

std::optional<std::string> HttpResponse::header(std::string_view lower_name) const {
  for (const auto& [k, v] : headers) {
    if (k == lower_name) return v;
  }
  return std::nullopt;
}

Connection::Connection(std::uint16_t port) {
  fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd_ < 0) throw std::runtime_error("socket failed");
  sockaddr_in addr = loopback(port);
  if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    const std::string why = std::strerror(errno);
    ::close(fd_);
    throw std::runtime_error("connect to port " + std::to_string(port) + " failed: " + why);
  }
}

Connection::~Connection() { ::close(fd_); }

bool Connection::send(std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

// Appends what arrives before `until`; false on EOF, reset or timeout with nothing new.
bool Connection::fill(Clock::time_point until) {
  if (eof_) return false;
  const auto left = std::chrono::duration_cast<Ms>(until - Clock::now()).count();
  if (left <= 0) return false;
  pollfd p{fd_, POLLIN, 0};
  if (::poll(&p, 1, static_cast<int>(left)) <= 0) return false;
  char chunk[65536];
  const ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
  if (n <= 0) {
    eof_ = true;
    return false;
  }
  buffer_.append(chunk, static_cast<std::size_t>(n));
  return true;
}

std::optional<HttpResponse> Connection::read_response(Ms wait, bool to_head) {
  const auto until = Clock::now() + wait;
  std::size_t head_end = std::string::npos;
  while ((head_end = buffer_.find("\r\n\r\n")) == std::string::npos) {
    if (!fill(until)) return std::nullopt;
  }
  HttpResponse r;
  std::istringstream head(buffer_.substr(0, head_end));
  std::string line;
  std::getline(head, line);
  if (line.rfind("HTTP/1.", 0) != 0 || line.size() < 12) return std::nullopt;
  r.status = static_cast<unsigned>(std::stoul(line.substr(9, 3)));
  std::optional<std::size_t> length;
  while (std::getline(head, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    std::string name = lower(line.substr(0, colon));
    std::string value = line.substr(colon + 1);
    while (!value.empty() && value.front() == ' ') value.erase(0, 1);
    if (name == "content-length") length = std::stoull(value);
    r.headers.emplace_back(std::move(name), std::move(value));
  }
  const std::size_t body_at = head_end + 4;
  if (to_head) {
    buffer_.erase(0, body_at);
  } else if (length) {
    while (buffer_.size() < body_at + *length) {
      if (!fill(until)) return std::nullopt;
    }
    r.body = buffer_.substr(body_at, *length);
    buffer_.erase(0, body_at + *length);
  } else {
    while (fill(until)) {
    }
    r.body = buffer_.substr(body_at);
    buffer_.clear();
  }
  return r;
}

bool Connection::closed_within(Ms wait) {
  const auto until = Clock::now() + wait;
  while (!eof_ && Clock::now() < until) fill(until);
  return eof_;
}

std::string request_head(std::string_view method, std::string_view target, const std::vector<std::string>& headers,
                         std::size_t body_size, bool keep_alive) {
  std::string s = std::string(method) + " " + std::string(target) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
  for (const auto& h : headers) s += h + "\r\n";
  if (body_size > 0 || method == "POST" || method == "PUT") s += "Content-Length: " + std::to_string(body_size) + "\r\n";
  if (!keep_alive) s += "Connection: close\r\n";
  return s + "\r\n";
}

HttpResponse http(std::uint16_t port, std::string_view method, std::string_view target,
                  const std::vector<std::string>& headers, std::string_view body) {
  Connection c(port);
  if (!c.send(request_head(method, target, headers, body.size()) + std::string(body))) {
    throw std::runtime_error("the server closed the connection while the request was sent");
  }
  auto r = c.read_response();
  if (!r) throw std::runtime_error("no response to " + std::string(method) + " " + std::string(target));
  return std::move(*r);
}

std::pair<int, std::string> run_command(const std::vector<std::string>& argv) {
  TempDir dir("veza-cmd");
  Process p(argv, dir.path() / "out", dir.path() / "out.err");
  const auto code = p.wait_exit(Ms(30000));
  return {code.value_or(-1), slurp(dir.path() / "out") + slurp(dir.path() / "out.err")};
}

std::string postgres_admin_url() {
  std::ifstream in(VEZA_TEST_POSTGRES_URL_FILE);
  std::string url;
  std::getline(in, url);
  if (url.empty()) {
    throw std::runtime_error("the veza_postgresql fixture did not start PostgreSQL (no URL in " +
                             std::string(VEZA_TEST_POSTGRES_URL_FILE) + ")");
  }
  return url;
}

}  // namespace veza::testing
