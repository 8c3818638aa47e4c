// Invoice rendering benchmark (not a test: ctest never runs it).
//   1. Invoices rendered per second on one thread through the DocumentRenderer (one-page
//      invoice, 3 lines), with the p50/p99 of one render.
//   2. p99 of fetching an invoice through InvoiceService::invoice_for (what GET …/invoice runs:
//      read transaction on SQLite, decode, render) on a temp SQLite file.
// Usage: veza_invoice_bench [seconds per phase, default 3]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include <unistd.h>

#include <veza/core/vat.hpp>
#include <veza/invoicing/document.hpp>
#include <veza/runtime/runtime.hpp>

#include "adapters/pdf/qpdf_document_renderer.hpp"

namespace {

using Clock = std::chrono::steady_clock;

veza::invoicing::DocumentSnapshot three_lines() {
  veza::invoicing::DocumentSnapshot s;
  s.number = "VEZA-2026-000001";
  s.issued_at = veza::Timestamp{std::chrono::milliseconds{1'782'900'930'123}};
  s.order_id = "0190a0b0-0000-7000-8000-000000000001";
  s.seller = {"Veza SAS", "12 rue de l'Église\n75011 Paris", "", "", "FR12345678901"};
  s.buyer = {"Zoé Dupré", "3 allée des Cèdres\n69001 Lyon", "FR", "zoe@example.org", ""};
  for (int i = 0; i < 3; ++i) {
    veza::invoicing::DocumentLine l;
    l.position = i;
    l.title = "Track number " + std::to_string(i + 1);
    l.artist = "Léa Çelik";
    l.vat_rate_bp = 2000;
    l.gross_cents = 1250;
    auto split = veza::split_gross(1250, 2000);
    l.net_cents = l.unit_net_cents = split->net;
    l.vat_cents = split->vat;
    s.lines.push_back(l);
  }
  s.breakdown = veza::invoicing::vat_breakdown(s.lines);
  s.net_cents = s.breakdown[0].net_cents;
  s.vat_cents = s.breakdown[0].vat_cents;
  s.gross_cents = s.breakdown[0].gross_cents;
  s.currency = *veza::Currency::parse("EUR");
  s.payment_reference = "pay_7Hc9";
  s.footer = "Veza SAS, RCS Paris 123 456 789.";
  return s;
}

double percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  return v[static_cast<std::size_t>(p * static_cast<double>(v.size() - 1))];
}

}  // namespace

int main(int argc, char** argv) {
  const double seconds = argc > 1 ? std::atof(argv[1]) : 3.0;
  const auto budget = std::chrono::duration<double>(seconds);

  veza::adapters::QpdfDocumentRenderer renderer;
  const auto snapshot = three_lines();
  std::vector<double> latencies;
  std::size_t bytes = 0;
  const auto start = Clock::now();
  while (Clock::now() - start < budget) {
    const auto t0 = Clock::now();
    auto pdf = renderer.render(snapshot);
    latencies.push_back(std::chrono::duration<double>(Clock::now() - t0).count());
    if (!pdf) {
      std::fprintf(stderr, "render failed: %s\n", pdf.error().message.c_str());
      return 1;
    }
    bytes = pdf->size();
  }
  const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  std::printf("render: %zu invoices in %.2f s on one thread = %.0f invoices/s (%zu bytes each); p50 %.3f ms, p99 %.3f ms\n",
              latencies.size(), elapsed, static_cast<double>(latencies.size()) / elapsed, bytes,
              percentile(latencies, 0.5) * 1e3, percentile(latencies, 0.99) * 1e3);

  // The service path behind GET /api/v1/orders/{id}/invoice.
  const auto dir = std::filesystem::temp_directory_path() / ("veza-invoice-bench-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  veza::Config c;
  c.database_url = "sqlite://" + (dir / "veza.db").string();
  c.blob_dir = (dir / "blobs").string();
  c.seller_name = "Veza SAS";
  c.seller_address = "Paris";
  c.seller_vat_id = "FR12345678901";
  c.log_level = "error";
  int rc = 0;
  {
    auto rt = veza::Runtime::open(c);
    if (!rt || !(*rt)->migrate()) {
      std::fprintf(stderr, "runtime failed\n");
      return 1;
    }
    auto& r = **rt;
    auto seller = r.users().create({"artist@example.org", "Artist", veza::identity::Role::user, true});
    auto buyer = r.users().create({"buyer@example.org", "Buyer", veza::identity::Role::user, true});
    std::vector<std::string> products;
    for (int i = 0; i < 3; ++i) products.push_back(r.catalog().create(seller->id, {"Track", "", 1250, "EUR", 2000})->id);
    auto order = r.orders().create(buyer->id, products);
    if (!order || !r.orders().mark_paid(order->id)) {
      std::fprintf(stderr, "setup failed\n");
      return 1;
    }
    std::vector<double> fetch;
    const auto s2 = Clock::now();
    while (Clock::now() - s2 < budget) {
      const auto t0 = Clock::now();
      auto doc = r.invoices().invoice_for(order->id, *buyer);
      fetch.push_back(std::chrono::duration<double>(Clock::now() - t0).count());
      if (!doc) {
        rc = 1;
        break;
      }
    }
    const double e2 = std::chrono::duration<double>(Clock::now() - s2).count();
    std::printf("invoice_for (SQLite read + render): %zu in %.2f s = %.0f/s; p50 %.3f ms, p99 %.3f ms\n", fetch.size(),
                e2, static_cast<double>(fetch.size()) / e2, percentile(fetch, 0.5) * 1e3, percentile(fetch, 0.99) * 1e3);
  }
  std::filesystem::remove_all(dir);
  return rc;
}
