// The net module: everything that talks HTTP or reasons about URLs. Start
// here: url.hpp (parsing, resolving and normalizing on libcurl's URL API),
// robots.hpp (robots.txt, RFC 9309), fetcher.hpp (libcurl multi: many
// transfers on one thread, with limits on everything a server can abuse).
#pragma once
