#include "integration/health/local_servers.hpp"

#include <arpa/inet.h>
#include <dirent.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pwd.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <vector>

#include "adapters/amqp/amqp_probe.hpp"
#include "adapters/system/system_clock.hpp"

namespace veza::testing {

namespace {

using namespace std::chrono_literals;

sockaddr_in loopback(std::uint16_t port) {
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return addr;
}

std::uint16_t bound_port(int fd) {
  sockaddr_in addr{};
  socklen_t len = sizeof addr;
  if (::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) throw std::runtime_error("getsockname failed");
  return ntohs(addr.sin_port);
}

// fork + exec with a given environment, in a process group of its own (so the whole tree can
// be signalled), output to `log`.
pid_t spawn(const std::vector<std::string>& argv, const std::vector<std::string>& env, const std::string& log) {
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  std::vector<char*> envp;
  for (const auto& e : env) envp.push_back(const_cast<char*>(e.c_str()));
  envp.push_back(nullptr);
  const pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    ::setpgid(0, 0);
    const int out = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (out >= 0) {
      ::dup2(out, STDOUT_FILENO);
      ::dup2(out, STDERR_FILENO);
    }
    const int in = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (in >= 0) ::dup2(in, STDIN_FILENO);
    ::execve(args[0], args.data(), envp.data());
    ::_exit(127);
  }
  ::setpgid(pid, pid);  // also from the parent, so a signal right after spawn reaches the group
  return pid;
}

// Waits up to `limit` for `pid` to exit; true if it did (and was reaped).
bool wait_exit(pid_t pid, std::chrono::milliseconds limit) {
  for (auto waited = 0ms; waited < limit; waited += 20ms) {
    int status = 0;
    const pid_t r = ::waitpid(pid, &status, WNOHANG);
    if (r == pid || (r < 0 && errno == ECHILD)) return true;
    std::this_thread::sleep_for(20ms);
  }
  return false;
}

// Stops a process group: SIGTERM, then SIGKILL if it lingers.
void stop_group(pid_t pid, std::chrono::milliseconds grace) {
  if (pid <= 0) return;
  ::kill(-pid, SIGTERM);
  if (!wait_exit(pid, grace)) {
    ::kill(-pid, SIGKILL);
    wait_exit(pid, 5s);
  }
  ::kill(-pid, SIGKILL);  // stragglers of the group whose leader already left
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Kills the epmd whose environment names our ERL_EPMD_PORT: it daemonised out of the server's
// process group, and killing "all epmd" could hit someone else's.
void kill_our_epmd(std::uint16_t epmd_port) {
  const std::string marker = "ERL_EPMD_PORT=" + std::to_string(epmd_port);
  DIR* proc = ::opendir("/proc");
  if (proc == nullptr) return;
  while (const dirent* e = ::readdir(proc)) {
    const std::string name = e->d_name;
    if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) continue;
    const std::string comm = read_file("/proc/" + name + "/comm");
    if (comm.rfind("epmd", 0) != 0) continue;
    std::string environ = read_file("/proc/" + name + "/environ");
    std::replace(environ.begin(), environ.end(), '\0', '\n');
    if (("\n" + environ + "\n").find("\n" + marker + "\n") == std::string::npos) continue;
    const pid_t pid = static_cast<pid_t>(std::stol(name));
    ::kill(pid, SIGTERM);
    for (int i = 0; i < 50 && ::kill(pid, 0) == 0; ++i) std::this_thread::sleep_for(20ms);
    ::kill(pid, SIGKILL);
  }
  ::closedir(proc);
}

}  // namespace

std::uint16_t free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) throw std::runtime_error("socket failed");
  auto addr = loopback(0);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    throw std::runtime_error("bind failed");
  }
  const auto port = bound_port(fd);
  ::close(fd);
  return port;
}

bool accepts_connections(std::uint16_t port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return false;
  auto addr = loopback(port);
  const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  ::close(fd);
  return ok;
}

SilentListener::SilentListener() {
  fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd_ < 0) throw std::runtime_error("socket failed");
  auto addr = loopback(0);
  if (::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(fd_, 16) != 0) {
    ::close(fd_);
    throw std::runtime_error("bind/listen failed");
  }
  port_ = bound_port(fd_);
}

SilentListener::~SilentListener() {
  if (fd_ >= 0) ::close(fd_);
}

RedisServer::RedisServer(const std::string& requirepass) : port_(free_port()) {
  const std::string log = "/tmp/veza-health-redis-" + std::to_string(port_) + ".log";
  std::vector<std::string> argv{"/usr/bin/redis-server", "--bind", "127.0.0.1", "--port", std::to_string(port_),
                                "--save", "", "--appendonly", "no"};
  if (!requirepass.empty()) {
    argv.emplace_back("--requirepass");
    argv.push_back(requirepass);
  }
  pid_ = spawn(argv, {"PATH=/usr/sbin:/usr/bin:/sbin:/bin"}, log);
  for (auto waited = 0ms; waited < 10s; waited += 20ms) {
    if (accepts_connections(port_)) {
      std::filesystem::remove(log);
      return;
    }
    std::this_thread::sleep_for(20ms);
  }
  const std::string out = read_file(log);
  stop();
  std::filesystem::remove(log);
  throw std::runtime_error("redis-server did not start on port " + std::to_string(port_) + ": " + out);
}

RedisServer::~RedisServer() { stop(); }

void RedisServer::stop() {
  stop_group(pid_, 5s);
  pid_ = -1;
}

RabbitServer& RabbitServer::shared() {
  static RabbitServer server;
  return server;
}

RabbitServer::RabbitServer() : amqp_port_(free_port()), epmd_port_(free_port()) {
  try {
    start();
  } catch (...) {
    stop();  // no destructor runs for a constructor that throws
    throw;
  }
}

void RabbitServer::start() {
  const std::uint16_t dist_port = free_port();
  char tmpl[] = "/tmp/veza-health-rabbit-XXXXXX";
  if (::mkdtemp(tmpl) == nullptr) throw std::runtime_error("mkdtemp failed");
  dir_ = tmpl;
  const passwd* pw = ::getpwnam("rabbitmq");
  if (pw == nullptr) throw std::runtime_error("no user rabbitmq (install rabbitmq-server)");
  for (const auto* sub : {"", "/mnesia", "/log"}) {
    const std::string p = dir_ + sub;
    std::filesystem::create_directories(p);
    if (::chown(p.c_str(), pw->pw_uid, pw->pw_gid) != 0) throw std::runtime_error("chown " + p + " failed");
  }
  const std::string node = "veza-health-" + std::to_string(amqp_port_) + "@localhost";
  pid_ = spawn({"/usr/bin/setpriv", "--reuid=rabbitmq", "--regid=rabbitmq", "--init-groups",
                "/usr/lib/rabbitmq/bin/rabbitmq-server"},
               {"PATH=/usr/sbin:/usr/bin:/sbin:/bin", "HOME=" + dir_, "RABBITMQ_NODENAME=" + node,
                "RABBITMQ_NODE_IP_ADDRESS=127.0.0.1", "RABBITMQ_NODE_PORT=" + std::to_string(amqp_port_),
                "RABBITMQ_DIST_PORT=" + std::to_string(dist_port), "ERL_EPMD_ADDRESS=127.0.0.1",
                "ERL_EPMD_PORT=" + std::to_string(epmd_port_), "RABBITMQ_MNESIA_BASE=" + dir_ + "/mnesia",
                "RABBITMQ_LOG_BASE=" + dir_ + "/log", "LANG=C.UTF-8"},
               dir_ + "/stdout.log");
  // Ready when a real login works (the port opens before the broker accepts logins).
  const auto clock = std::make_shared<adapters::SystemClock>();
  auto probe = adapters::AmqpProbe::create(url(), false, clock);
  for (auto waited = 0ms; waited < 60s; waited += 200ms) {
    if (accepts_connections(amqp_port_) && (*probe)->check(clock->monotonic() + 1s)) return;
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      break;
    }
    std::this_thread::sleep_for(200ms);
  }
  const std::string out = read_file(dir_ + "/stdout.log");
  throw std::runtime_error("rabbitmq-server did not start on port " + std::to_string(amqp_port_) + ": " + out);
}

RabbitServer::~RabbitServer() { stop(); }

void RabbitServer::stop() {
  stop_group(pid_, 20s);
  pid_ = -1;
  if (epmd_port_ != 0) kill_our_epmd(epmd_port_);
  if (!dir_.empty()) {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
    dir_.clear();
  }
}

}  // namespace veza::testing
