// What the subcommands read and how their failures become exit codes: saved
// pages, selector files, the archive.
#pragma once

#include "app/cli.hpp"
#include "site/site.hpp"

#include <functional>
#include <optional>
#include <string>

namespace khobao::app {

// Larger files are refused rather than read: nothing legitimate is this big.
inline constexpr std::uintmax_t kMaxPageBytes = 256u << 20;

// The bytes of a saved page. Throws std::runtime_error naming the problem
// (missing, unreadable, a directory, over kMaxPageBytes).
std::string read_page(const std::string& path);

// The selector files of --selectors. A missing default folder is a warning
// (every page goes generic); a missing --selectors folder or a broken file is
// printed as an error and gives nullopt (exit 2).
std::optional<site::SiteSet> load_selectors(const GlobalOptions& global);

// Runs a subcommand's body and turns what it throws into a message on stderr
// and DESIGN.md's exit code: 2 for a bad archive file, a bad query or a bad
// seed, 3 when
// another run holds the archive's lock, 1 for anything else (a full disk
// among them).
int run_guarded(const std::function<int()>& body);

}  // namespace khobao::app
