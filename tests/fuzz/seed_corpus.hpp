// The seed inputs of every fuzz target, built from what the repository
// already holds: the fixture pages, the selector files, the generated test
// sites (feeds, sitemaps, robots.txt, listings, WARC records of their pages)
// and the hand-written seeds of tests/fuzz/seeds/<target>/.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace khobao::fuzz {

struct Seed {
  std::string name;   // a file name: "baohatinh.vn-2018-thach-ha.html"
  std::string bytes;
};

// Target name ("extract") -> its seeds. Deterministic; takes about a second.
std::map<std::string, std::vector<Seed>> seed_corpus();

}  // namespace khobao::fuzz
