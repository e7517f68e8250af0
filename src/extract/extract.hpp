// The extract module: saved HTML in, the article record out. Start at
// extractor.hpp (the pipeline); the record is core/article.hpp; selectors.hpp
// is a site's template as selector files give it; clean.hpp, generic.hpp, fields.hpp, metadata.hpp,
// dates.hpp and byline.hpp are the pipeline's steps.
#pragma once

#include "core/article.hpp"
#include "extract/byline.hpp"
#include "extract/dates.hpp"
#include "extract/extractor.hpp"
#include "extract/selectors.hpp"
