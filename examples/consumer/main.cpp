// A host service embedding libveza through its installed package: it builds a Config in code
// (no environment, no flags), opens the Runtime, migrates, creates a seller and a product,
// streams an audio file into the BlobStore and attaches it, and prints the user and the product
// as the JSON every Veza front-end prints. Errors go to stderr with a non-zero exit.
//
//   veza_consumer [WORK_DIR]   (default: a fresh temp directory, removed at exit)
#include <veza/json/json.hpp>
#include <veza/runtime/runtime.hpp>

#include <stdlib.h>  // mkdtemp

#include <exception>
#include <filesystem>
#include <iostream>
#include <span>
#include <string>
#include <string_view>
#include <system_error>

namespace {

int fail(std::string_view step, const veza::Error& error) {
  std::cerr << "veza_consumer: " << step << " failed: " << error.code_name() << ": " << error.message << "\n";
  return 1;
}

// Removes the directory this program made for itself (never one it was given).
struct ScratchDir {
  std::filesystem::path path;
  bool owned = false;
  ~ScratchDir() {
    if (!owned) return;
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
};

int run(int argc, char** argv) {
  ScratchDir work;
  if (argc > 1) {
    work.path = argv[1];
  } else {
    std::string pattern = (std::filesystem::temp_directory_path() / "veza-consumer-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) {
      std::cerr << "veza_consumer: cannot create a temp directory under " << std::filesystem::temp_directory_path()
                << "\n";
      return 1;
    }
    work.path = pattern;
    work.owned = true;
  }

  veza::Config config;
  config.database_url = "sqlite://" + std::filesystem::absolute(work.path / "veza.db").string();
  config.blob_dir = (work.path / "blobs").string();
  config.db_pool_size = 2;
  config.log_level = "warn";

  auto runtime = veza::Runtime::open(config);
  if (!runtime) return fail("Runtime::open", runtime.error());
  veza::Runtime& veza = **runtime;

  auto applied = veza.migrate();
  if (!applied) return fail("migrate", applied.error());
  std::cerr << "veza_consumer: applied " << applied->size() << " migration(s)\n";

  veza::identity::NewUser new_user;
  new_user.email = "artist@example.com";
  new_user.display_name = "Example Artist";
  auto user = veza.users().create(new_user);
  if (!user) return fail("users().create", user.error());

  veza::catalog::NewProduct new_product;
  new_product.title = "Night Drive (stems)";
  new_product.description = "Four stems, 24-bit WAV";
  new_product.price_cents = 1299;
  new_product.currency = "EUR";
  new_product.vat_rate_bp = 2000;
  auto product = veza.catalog().create(user->id, new_product);
  if (!product) return fail("catalog().create", product.error());

  // An upload as a host streams it: chunk by chunk into the BlobStore, never whole in memory.
  auto writer = veza.blobs().open_writer(config.max_upload_bytes);
  if (!writer) return fail("blobs().open_writer", writer.error());
  for (const std::string_view chunk : {"RIFF", "....", "WAVE"}) {
    auto written = (*writer)->write(std::as_bytes(std::span<const char>(chunk)));
    if (!written) return fail("BlobWriter::write", written.error());
  }
  auto blob = (*writer)->commit();
  if (!blob) return fail("BlobWriter::commit", blob.error());
  std::cerr << "veza_consumer: stored a " << blob->size << "-byte blob at " << blob->sha256 << "\n";
  // The blob is committed before the product points at it, so a product never names a
  // missing file.
  auto with_file = veza.catalog().attach_file(product->id, user->id, *blob, "audio/wav");
  if (!with_file) return fail("catalog().attach_file", with_file.error());

  // stdout carries only the JSON, so a script can check it.
  std::cout << veza::json::to_json(*user) << "\n" << veza::json::to_json(*with_file) << "\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  // The library returns results, never throws; std::filesystem and iostreams may.
  try {
    return run(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "veza_consumer: " << e.what() << "\n";
    return 1;
  }
}
