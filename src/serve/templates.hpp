// The web UI's mustache templates and stylesheet, compiled into the binary
// (src/serve/templates/, embedded by CMake), so that `khobao serve` runs from
// any folder. kainjow::mustache escapes every {{value}} for HTML; only
// {{{content}}}-style slots take HTML, and only HTML rendered here.
#pragma once

#include <kainjow/mustache.hpp>

#include <string>
#include <string_view>

namespace khobao::serve {

using Data = kainjow::mustache::data;
using List = kainjow::mustache::list;

// A file of src/serve/templates/ by name ("article.mustache", "style.css").
// Throws std::out_of_range for a name that is not there.
std::string_view embedded_file(std::string_view name);

// Template `name` (without ".mustache") rendered with `data`. Throws
// std::logic_error if the template does not parse: a bug, caught by the tests.
std::string render(std::string_view name, const Data& data);

// A whole page: `content` (HTML rendered by render()) inside the layout,
// with the page's title and the address of its JSON twin.
std::string render_page(const std::string& title, const std::string& content, const std::string& api_href,
                        const std::string& archive_name);

}  // namespace khobao::serve
