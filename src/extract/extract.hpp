// The extract module: saved HTML in, the article record out. Start at
// extractor.hpp (the pipeline); article.hpp is the record; site_rules.hpp the
// selector files; clean.hpp, generic.hpp, fields.hpp, metadata.hpp,
// dates.hpp and byline.hpp are the pipeline's steps.
#pragma once

#include "extract/article.hpp"
#include "extract/byline.hpp"
#include "extract/dates.hpp"
#include "extract/extractor.hpp"
#include "extract/site_rules.hpp"
