// Per-host politeness: caps, delays, pauses, holds and turns.
#include "crawl/politeness.hpp"

#include <catch2/catch.hpp>

using namespace khobao::crawl;
using namespace std::chrono_literals;

namespace {

HostQueues::Item item(const std::string& url, Clock::time_point not_before = {}) {
  return {khobao::store::FrontierEntry{url, 0, "article", 0, std::nullopt, std::nullopt}, not_before};
}

}  // namespace

TEST_CASE("a host never has more requests running than its cap", "[politeness]") {
  HostQueues q;
  q.set_policy("a.vn", {0.0, 2});
  for (int i = 0; i < 5; ++i) q.push("a.vn", item("http://a.vn/" + std::to_string(i)));
  auto now = Clock::now();
  CHECK(q.pop_ready(now));
  CHECK(q.pop_ready(now));
  CHECK_FALSE(q.pop_ready(now));  // two running
  q.finished("a.vn");
  auto next = q.pop_ready(now);
  REQUIRE(next);
  CHECK(next->second.entry.url == "http://a.vn/2");  // first in, first out
  CHECK(q.running() == 2);
  CHECK(q.size() == 2);
}

TEST_CASE("requests to one host start at least the delay apart", "[politeness]") {
  HostQueues q;
  q.set_policy("a.vn", {2.0, 4});
  q.push("a.vn", item("http://a.vn/1"));
  q.push("a.vn", item("http://a.vn/2"));
  auto t0 = Clock::now();
  REQUIRE(q.pop_ready(t0));
  q.finished("a.vn");
  CHECK_FALSE(q.pop_ready(t0 + 1900ms));
  auto when = q.next_time(t0 + 1900ms);
  REQUIRE(when);
  CHECK(*when - t0 >= 2s);
  CHECK(q.pop_ready(t0 + 2s));
}

TEST_CASE("hosts take turns, and one slow host does not hold back another", "[politeness]") {
  HostQueues q;
  q.set_default_policy({10.0, 1});
  q.push("a.vn", item("http://a.vn/1"));
  q.push("a.vn", item("http://a.vn/2"));
  q.push("b.vn", item("http://b.vn/1"));
  auto now = Clock::now();
  auto first = q.pop_ready(now);
  auto second = q.pop_ready(now);
  REQUIRE(first);
  REQUIRE(second);
  CHECK(first->first != second->first);
  CHECK_FALSE(q.pop_ready(now));  // a.vn waits its delay
}

TEST_CASE("a held host waits for robots.txt, a paused one for its Retry-After", "[politeness]") {
  HostQueues q;
  q.set_default_policy({0.0, 2});
  q.hold("a.vn", true);
  q.push("a.vn", item("http://a.vn/1"));
  auto now = Clock::now();
  CHECK_FALSE(q.pop_ready(now));
  CHECK_FALSE(q.next_time(now));
  q.hold("a.vn", false);
  q.pause("a.vn", now + 30s);
  CHECK_FALSE(q.pop_ready(now + 29s));
  CHECK(q.pop_ready(now + 30s));
}

TEST_CASE("a retry waits for its time without blocking the items behind it", "[politeness]") {
  HostQueues q;
  q.set_default_policy({0.0, 4});
  auto now = Clock::now();
  q.push("a.vn", item("http://a.vn/retry", now + 10s));
  q.push("a.vn", item("http://a.vn/fresh"));
  auto next = q.pop_ready(now);
  REQUIRE(next);
  CHECK(next->second.entry.url == "http://a.vn/fresh");
  CHECK_FALSE(q.pop_ready(now));
  auto when = q.next_time(now);
  REQUIRE(when);
  CHECK(*when == now + 10s);
  CHECK(q.pop_ready(now + 10s));
}
