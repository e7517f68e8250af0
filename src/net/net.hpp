// The net module: everything that talks HTTP. Start here: robots.hpp (robots.txt, RFC 9309), fetcher.hpp (libcurl multi: many
// transfers on one thread, with limits on everything a server can abuse).
#pragma once
