#include "cli_runner.hpp"

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fcntl.h>

#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>

extern char** environ;

namespace veza::testing {
namespace {
std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream os;
  os << in.rdbuf();
  return os.str();
}
}  // namespace

CliSandbox::CliSandbox() {
  std::random_device rd;
  dir_ = std::filesystem::temp_directory_path() / ("veza-cli-test-" + std::to_string(rd()) + std::to_string(rd()));
  std::filesystem::create_directories(dir_);
  database_url = "sqlite://" + (dir_ / "veza.db").string();
}

CliSandbox::~CliSandbox() {
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

CliRun CliSandbox::run(const std::vector<std::string>& args) const {
  std::vector<std::string> argv{VEZA_CLI_PATH, "--database-url", database_url, "--blob-dir", (dir_ / "blobs").string()};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_process(argv, dir_);
}

std::string postgres_admin_url() {
  std::ifstream in(VEZA_TEST_POSTGRES_URL_FILE);
  std::string url;
  std::getline(in, url);
  return url;
}

CliRun run_process(const std::vector<std::string>& args, const std::filesystem::path& cwd) {
  std::vector<std::string> argv_s = args;
  std::vector<char*> argv;
  for (auto& a : argv_s) argv.push_back(a.data());
  argv.push_back(nullptr);
  const auto out_path = cwd / "stdout";
  const auto err_path = cwd / "stderr";
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 1, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_addopen(&fa, 2, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_addchdir_np(&fa, cwd.c_str());
  pid_t pid = 0;
  const int rc = posix_spawnp(&pid, argv[0], &fa, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  if (rc != 0) throw std::runtime_error("cannot start " + argv_s[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  CliRun r;
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.out = slurp(out_path);
  r.err = slurp(err_path);
  return r;
}

}  // namespace veza::testing
