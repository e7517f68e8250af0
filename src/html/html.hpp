// The html module: bytes to UTF-8 (charset.hpp), a parsed document
// (document.hpp), nodes (node.hpp), CSS selectors (selector.hpp), visible text
// (text.hpp), links (links.hpp) and the pre-parse pass that drops
// what no extractor reads (prestrip.hpp). Start reading here.
#pragma once

#include "html/charset.hpp"
#include "html/document.hpp"
#include "html/node.hpp"
#include "html/prestrip.hpp"
#include "html/selector.hpp"
#include "html/text.hpp"
