// Per-host queues with concurrency caps and delays; see politeness.hpp.
#include "crawl/politeness.hpp"

#include <algorithm>

namespace khobao::crawl {

HostQueues::Host& HostQueues::host(const std::string& name) {
  auto [it, inserted] = hosts_.try_emplace(name);
  if (inserted) it->second.policy = default_policy_;
  return it->second;
}

void HostQueues::set_policy(const std::string& name, HostPolicy policy) {
  Host& h = host(name);
  h.policy = policy;
  h.has_policy = true;
}

HostPolicy HostQueues::policy(const std::string& name) const {
  auto it = hosts_.find(name);
  return it == hosts_.end() ? default_policy_ : it->second.policy;
}

void HostQueues::hold(const std::string& name, bool held) { host(name).held = held; }

bool HostQueues::held(const std::string& name) const {
  auto it = hosts_.find(name);
  return it != hosts_.end() && it->second.held;
}

void HostQueues::push(const std::string& name, Item item, bool ahead) {
  Host& h = host(name);
  // Retries go to the back: a failing page should not block the others.
  if (ahead) h.items.push_front(std::move(item));
  else h.items.push_back(std::move(item));
  ++size_;
}

Clock::time_point HostQueues::ready_at(const Host& h, const Item& item) const {
  return std::max(h.next_start, item.not_before);
}

std::optional<std::pair<std::string, HostQueues::Item>> HostQueues::pop_ready(Clock::time_point now) {
  if (hosts_.empty()) return std::nullopt;
  // Start after the host served last, so that hosts take turns.
  auto start = hosts_.upper_bound(last_host_);
  for (size_t n = 0; n < hosts_.size(); ++n, ++start) {
    if (start == hosts_.end()) start = hosts_.begin();
    Host& h = start->second;
    if (h.held || h.items.empty() || h.running >= h.policy.concurrency || h.next_start > now) continue;
    // The first item of the host that is due; items waiting on a retry are skipped over.
    auto due = std::find_if(h.items.begin(), h.items.end(), [&](const Item& i) { return i.not_before <= now; });
    if (due == h.items.end()) continue;
    Item item = std::move(*due);
    h.items.erase(due);
    --size_;
    started(start->first, now);
    last_host_ = start->first;
    return std::make_pair(start->first, std::move(item));
  }
  return std::nullopt;
}

void HostQueues::started(const std::string& name, Clock::time_point now) {
  Host& h = host(name);
  ++h.running;
  ++running_;
  auto delay = std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(h.policy.delay_seconds));
  h.next_start = std::max(h.next_start, now + delay);
}

void HostQueues::finished(const std::string& name) {
  Host& h = host(name);
  if (h.running > 0) {
    --h.running;
    --running_;
  }
}

void HostQueues::pause(const std::string& name, Clock::time_point until) {
  Host& h = host(name);
  h.next_start = std::max(h.next_start, until);
}

std::optional<Clock::time_point> HostQueues::next_time(Clock::time_point now) const {
  std::optional<Clock::time_point> earliest;
  for (const auto& [name, h] : hosts_) {
    if (h.held || h.items.empty() || h.running >= h.policy.concurrency) continue;
    for (const Item& item : h.items) {
      Clock::time_point t = std::max(ready_at(h, item), now);
      if (!earliest || t < *earliest) earliest = t;
      if (item.not_before <= h.next_start) break;  // no later item of this host can be earlier
    }
  }
  return earliest;
}

std::vector<std::string> HostQueues::hosts_waiting() const {
  std::vector<std::string> names;
  for (const auto& [name, h] : hosts_)
    if (!h.items.empty()) names.push_back(name);
  return names;
}

}  // namespace khobao::crawl
