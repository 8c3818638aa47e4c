// veza-cli invoices get / export / verify on a SQLite database whose orders were paid and
// refunded through libveza (which issued the documents): files written, summaries and --json
// lines, exit codes (2 usage, 3 unknown order, 4 unpaid order or a tampered document).
#include <doctest/doctest.h>

#include <sqlite3.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include <veza/runtime/runtime.hpp>

#include "cli/cli_runner.hpp"

using veza::testing::CliSandbox;

namespace {

template <class T>
T value_of(veza::Result<T> r) {
  REQUIRE(r);
  return std::move(*r);
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

bool contains(const std::string& haystack, const std::string& needle) { return haystack.find(needle) != std::string::npos; }

// Two paid orders (the first then fully refunded) and one unpaid, made through the runtime on
// the sandbox's database: invoices VEZA-Y-000001 and -000002, credit note AV-Y-000001.
struct InvoicedSandbox {
  CliSandbox box;
  std::string paid_id, refunded_id, unpaid_id;
  std::string year;  // of the issued numbers (the runtime's clock)

  InvoicedSandbox() {
    REQUIRE(box.run({"migrate"}).code == 0);
    veza::Config config;
    config.database_url = box.database_url;
    config.blob_dir = (box.dir() / "blobs").string();
    config.db_pool_size = 1;
    config.log_level = "error";
    auto rt = value_of(veza::Runtime::open(config));
    const auto seller = value_of(rt->users().create({"artist@example.com", "Artist", veza::identity::Role::user, true}));
    const auto buyer = value_of(rt->users().create({"buyer@example.com", "Buyer", veza::identity::Role::user, true}));
    const auto product = [&](const std::string& title) {
      return value_of(rt->catalog().create(seller.id, {title, "", 1290, "EUR", 2000})).id;
    };
    refunded_id = value_of(rt->orders().create(buyer.id, {product("Première")})).id;
    REQUIRE(rt->orders().mark_paid(refunded_id));
    paid_id = value_of(rt->orders().create(buyer.id, {product("Seconde")})).id;
    REQUIRE(rt->orders().mark_paid(paid_id));
    REQUIRE(rt->orders().settle_refund(refunded_id, true));
    unpaid_id = value_of(rt->orders().create(buyer.id, {product("Troisième")})).id;
    const std::string number = value_of(rt->invoices().invoice(refunded_id)).number;
    REQUIRE(number.size() == 16);  // VEZA-YYYY-NNNNNN
    year = number.substr(5, 4);
  }

  // Bypasses the immutability trigger, as someone with database access could, and edits one
  // invoice's stored content.
  void tamper_with_invoice(const std::string& number) const {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open((box.dir() / "veza.db").c_str(), &db) == SQLITE_OK);
    const std::unique_ptr<sqlite3, int (*)(sqlite3*)> guard(db, sqlite3_close);
    const std::string sql = "DROP TRIGGER invoices_no_update; UPDATE invoices SET content = replace(content, '1290', '129') "
                            "WHERE number = '" + number + "';";
    char* error = nullptr;
    const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
    const std::string message = error ? error : "";
    sqlite3_free(error);
    REQUIRE_MESSAGE(rc == SQLITE_OK, message);
    REQUIRE(sqlite3_changes(db) == 1);
  }
};

}  // namespace

TEST_SUITE("cli") {
  TEST_CASE("invoices get writes the order's invoice PDF and names it, unknown order exit 3, unpaid exit 4, usage exit 2") {
    InvoicedSandbox s;
    const auto file = s.box.dir() / "invoice.pdf";
    const auto got = s.box.run({"invoices", "get", s.paid_id, "-o", file.string()});
    CHECK(got.code == 0);
    const std::string number = "VEZA-" + s.year + "-000002";
    CHECK(contains(got.out, number + " written to " + file.string()));
    const std::string pdf = read_file(file);
    CHECK(pdf.rfind("%PDF-", 0) == 0);

    const auto json = s.box.run({"--json", "invoices", "get", s.paid_id, "-o", file.string()});
    CHECK(json.code == 0);
    CHECK(json.out == "{\"number\":\"" + number + "\",\"bytes\":" + std::to_string(pdf.size()) + "}\n");
    CHECK(read_file(file) == pdf);  // deterministic: the same bytes each time

    const auto unknown = s.box.run({"invoices", "get", "0190f0c4-0000-7000-8000-000000000000", "-o", file.string()});
    CHECK(unknown.code == 3);
    CHECK_FALSE(unknown.err.empty());
    const auto unpaid = s.box.run({"invoices", "get", s.unpaid_id, "-o", (s.box.dir() / "unpaid.pdf").string()});
    CHECK(unpaid.code == 4);
    CHECK(contains(unpaid.err, "paid"));
    CHECK_FALSE(std::filesystem::exists(s.box.dir() / "unpaid.pdf"));
    CHECK(s.box.run({"invoices", "get", s.paid_id}).code == 2);  // -o is required
    CHECK(s.box.run({"invoices", "get", "-o", file.string()}).code == 2);
    CHECK(s.box.run({"invoices", "frobnicate"}).code == 2);
  }

  TEST_CASE("invoices export writes every invoice and credit note of the year with a summary line") {
    InvoicedSandbox s;
    const auto dir = s.box.dir() / "export" / s.year;
    const auto run = s.box.run({"invoices", "export", "--year", s.year, "--dir", dir.string()});
    CHECK(run.code == 0);
    CHECK(contains(run.out, "exported 2 invoice(s) and 1 credit note(s) of " + s.year));
    CHECK_FALSE(contains(run.err, "["));  // no progress bar when stderr is not a terminal
    for (const std::string& name : {"VEZA-" + s.year + "-000001.pdf", "VEZA-" + s.year + "-000002.pdf",
                                   "AV-" + s.year + "-000001.pdf"}) {
      CHECK_MESSAGE(read_file(dir / name).rfind("%PDF-", 0) == 0, name);
    }
    std::size_t files = 0;
    for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(dir)) ++files;
    CHECK(files == 3);

    const auto json = s.box.run({"--json", "invoices", "export", "--year", s.year, "--dir", dir.string()});
    CHECK(json.code == 0);
    CHECK(contains(json.out, "{\"year\":" + s.year + ",\"invoices\":2,\"credit_notes\":1,\"bytes\":"));
    const auto other_year = s.box.run({"--json", "invoices", "export", "--year", "2001", "--dir", (s.box.dir() / "none").string()});
    CHECK(other_year.code == 0);
    CHECK(contains(other_year.out, "\"invoices\":0,\"credit_notes\":0"));

    CHECK(s.box.run({"invoices", "export", "--dir", dir.string()}).code == 2);  // --year is required
    CHECK(s.box.run({"invoices", "export", "--year", "twenty", "--dir", dir.string()}).code == 2);
    CHECK(s.box.run({"invoices", "export", "--year", "1800", "--dir", dir.string()}).code == 2);
  }

  TEST_CASE("invoices verify passes on intact documents and reports a tampered one with exit 4") {
    InvoicedSandbox s;
    const auto clean = s.box.run({"invoices", "verify"});
    CHECK(clean.code == 0);
    CHECK(contains(clean.out, "checked 3 document(s): all intact"));
    const auto json = s.box.run({"--json", "invoices", "verify", "--year", s.year});
    CHECK(json.code == 0);
    CHECK(json.out == "{\"checked\":3,\"problems\":0}\n");
    CHECK(s.box.run({"--json", "invoices", "verify", "--year", "2001"}).out == "{\"checked\":0,\"problems\":0}\n");

    const std::string number = "VEZA-" + s.year + "-000002";
    s.tamper_with_invoice(number);
    const auto dirty = s.box.run({"invoices", "verify"});
    CHECK(dirty.code == 4);
    CHECK(contains(dirty.out, "checked 3 document(s): 1 tampered or unreadable"));
    CHECK(contains(dirty.err, number + ": content does not match its stored hash"));
    const auto dirty_json = s.box.run({"--json", "invoices", "verify"});
    CHECK(dirty_json.code == 4);
    CHECK(dirty_json.out == "{\"checked\":3,\"problems\":1}\n");
    CHECK(s.box.run({"invoices", "verify", "--year", "x"}).code == 2);
  }

  TEST_CASE("an empty VEZA_INVOICE_FOOTER means no footer and is accepted, unlike an empty VEZA_BLOB_DIR") {
    CliSandbox box;
    const auto with_env = [&](const std::string& assignment) {
      return veza::testing::run_process(
          {"/usr/bin/env", assignment, VEZA_CLI_PATH, "--database-url", box.database_url, "migrate"}, box.dir());
    };
    const auto footer = with_env("VEZA_INVOICE_FOOTER=");
    CHECK_MESSAGE(footer.code == 0, footer.err);
    const auto blob_dir = with_env("VEZA_BLOB_DIR=");
    CHECK(blob_dir.code == 2);
    CHECK(contains(blob_dir.err, "blob-dir"));
  }
}
