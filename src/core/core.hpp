// The ground floor: what every module may include and nothing here includes
// any other module. The article record (article.hpp), the fetch record
// (fetch_record.hpp), ASCII text helpers (text.hpp) and Unicode helpers
// (unicode.hpp). Start reading here.
#pragma once

#include "core/article.hpp"
#include "core/fetch_record.hpp"
#include "core/text.hpp"
#include "core/unicode.hpp"
