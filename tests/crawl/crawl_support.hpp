// What the crawl tests share: the test site on loopback, and a crawl of it
// into a fresh archive with every host routed to 127.0.0.1 (--connect-to),
// so that no test reaches an address outside 127.0.0.0/8.
#pragma once

#include "crawl/crawl.hpp"
#include "extract/extract.hpp"
#include "site/site.hpp"
#include "store/store.hpp"
#include "testsite/site_server.hpp"
#include "store/testing.hpp"

#include "support.hpp"

#include <memory>
#include <string>
#include <vector>

namespace khobao::test {

// The test site, started, with `articles` per site (baohatinh.vn twice that).
inline std::unique_ptr<testsite::SiteServer> start_site(int articles = 12, std::vector<std::string> hosts = {}) {
  testsite::SiteOptions o;
  o.articles = articles;
  o.generic_articles = articles;
  o.hosts = std::move(hosts);
  auto server = std::make_unique<testsite::SiteServer>(o);
  server->start();
  return server;
}

// --connect-to entries for every host of the server (and its www.), ports 80 and 443.
inline std::vector<std::string> connect_to(const testsite::SiteServer& server) {
  std::vector<std::string> entries;
  for (const std::string& host : server.hosts())
    for (const std::string& h : {host, "www." + host})
      for (int port : {80, 443}) entries.push_back(h + ":" + std::to_string(port) + ":127.0.0.1:" + std::to_string(server.port()));
  return entries;
}

// " --connect-to E" for every entry of connect_to(server), and a contact:
// the network arguments of a khobao command line against the test site.
inline std::string routes(const testsite::SiteServer& server) {
  std::string args;
  for (const std::string& c : connect_to(server)) args += " --connect-to " + c;
  return args + " --contact https://example.org/khobao-tests";
}

// argv for `khobao --archive ARCHIVE crawl` of every host of the server, from
// its home page, routed to the server, then `extra`.
inline std::vector<std::string> crawl_argv(const testsite::SiteServer& server, const std::string& archive,
                                           const std::vector<std::string>& extra) {
  std::vector<std::string> args = {"--archive", archive, "crawl", "--contact", "https://example.org/khobao-tests"};
  for (const std::string& h : server.hosts()) {
    args.push_back("--seed");
    args.push_back("http://" + h + "/");
  }
  for (const std::string& c : connect_to(server)) {
    args.push_back("--connect-to");
    args.push_back(c);
  }
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}

inline const site::SiteSet& selector_files() {
  static const site::SiteSet sites = site::SiteSet::load_dir(source_dir() / "selectors");
  return sites;
}

// Options for a fast crawl of `hosts` of the server: http:// seeds at each home
// page, no delay, small limits so that hostile answers end in moments.
inline crawl::CrawlOptions crawl_options(const testsite::SiteServer& server, const std::vector<std::string>& hosts) {
  crawl::CrawlOptions o;
  for (const std::string& h : hosts) o.seeds.push_back("http://" + h + "/");
  o.connect_to = connect_to(server);
  o.delay = 0;
  o.concurrency = 4;
  o.jobs = 2;
  o.contact = "https://example.org/khobao-tests";
  o.limits.total_timeout_ms = 5000;
  o.limits.low_speed_seconds = 2;
  o.limits.low_speed_bytes_per_s = 1000;
  o.limits.max_received_bytes = 4 << 20;
  o.limits.max_decoded_bytes = 8 << 20;
  return o;
}

inline std::int64_t count(store::Connection& db, const std::string& sql) {
  store::Statement s = db.prepare(sql);
  s.step();
  return s.int64(0);
}

}  // namespace khobao::test
