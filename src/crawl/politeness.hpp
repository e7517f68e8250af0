// Politeness: per host, at most N requests at once and a minimum delay
// between the starts of two requests; a host that said "slow down"
// (429/503 with Retry-After) waits; a host whose robots.txt is not known yet
// waits for it. Plain bookkeeping over a clock the caller passes in.
#pragma once

#include "store/frontier_table.hpp"

#include <chrono>
#include <deque>
#include <map>
#include <optional>
#include <string>

namespace khobao::crawl {

using Clock = std::chrono::steady_clock;

struct HostPolicy {
  double delay_seconds = 1.0;  // between request starts
  int concurrency = 2;         // requests at once
};

class HostQueues {
 public:
  struct Item {
    store::FrontierEntry entry;
    Clock::time_point not_before{};  // a retry waits until then
  };

  // The policy for `host` (a host_key: host[:port]); hosts without one get the default.
  void set_policy(const std::string& host, HostPolicy policy);
  void set_default_policy(HostPolicy policy) { default_policy_ = policy; }
  HostPolicy policy(const std::string& host) const;

  // A host held back until robots.txt is known (or released when it is).
  void hold(const std::string& host, bool held);
  bool held(const std::string& host) const;

  // Queues `item` behind the host's others, or before them all if `ahead`.
  void push(const std::string& host, Item item, bool ahead = false);

  // An item that may be fetched at `now`: its host is not held, has fewer
  // requests running than its cap, and its delay has passed; the host is
  // then counted busy until finished() is called. Hosts take turns.
  std::optional<std::pair<std::string, Item>> pop_ready(Clock::time_point now);

  // A request counted by pop_ready() or started() ended.
  void finished(const std::string& host);
  // A request the caller started itself (robots.txt) counts as well.
  void started(const std::string& host, Clock::time_point now);

  // Nothing to `host` before `until` (a Retry-After).
  void pause(const std::string& host, Clock::time_point until);

  // When the earliest waiting item could go, if any is waiting on time
  // alone; for how long the I/O loop may sleep.
  std::optional<Clock::time_point> next_time(Clock::time_point now) const;

  size_t size() const { return size_; }
  size_t running() const { return running_; }
  // Every host that has items waiting, for robots.txt bookkeeping.
  std::vector<std::string> hosts_waiting() const;

 private:
  struct Host {
    HostPolicy policy;
    bool has_policy = false;
    bool held = false;
    int running = 0;
    Clock::time_point next_start{};
    std::deque<Item> items;
  };
  Host& host(const std::string& name);
  Clock::time_point ready_at(const Host& h, const Item& item) const;

  std::map<std::string, Host> hosts_;
  std::string last_host_;  // round robin: the next pop starts after it
  HostPolicy default_policy_;
  size_t size_ = 0;
  size_t running_ = 0;
};

}  // namespace khobao::crawl
