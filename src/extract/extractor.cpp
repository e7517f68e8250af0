// The extraction pipeline (see extractor.hpp). Its steps, in order:
//   1. refuse what is not a page (empty, binary), decode to UTF-8
//   2. drop script/style/comments before parsing, keep JSON-LD; parse
//   3. read metadata (meta tags, JSON-LD, canonical)
//   4. clean: the site's `remove` list, template placeholders and their holders
//   5. read each field with the site's selector, else generically
//   6. take the non-body parts out of the body, prune furniture, and
//      serialize it into paragraphs; drop repeats and placeholders
#include "extract/extractor.hpp"

#include "extract/byline.hpp"
#include "extract/clean.hpp"
#include "extract/dates.hpp"
#include "extract/fields.hpp"
#include "extract/generic.hpp"
#include "extract/metadata.hpp"
#include "html/charset.hpp"
#include "html/document.hpp"
#include "html/links.hpp"
#include "html/prestrip.hpp"
#include "html/text.hpp"
#include "core/unicode.hpp"
#include "html/url.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <set>

namespace khobao::extract {

namespace {

thread_local size_t markup_cuts = 0;

using html::Node;

// Below this many bytes of text a site's body match is taken as broken.
constexpr size_t kTinyBody = 80;

// Names the kind of a binary file from its first bytes, or "" for text.
std::string binary_kind(std::string_view bytes) {
  auto starts = [&](std::string_view magic) { return bytes.substr(0, magic.size()) == magic; };
  if (starts("\x89PNG")) return "a PNG image";
  if (starts("\xFF\xD8\xFF")) return "a JPEG image";
  if (starts("GIF8")) return "a GIF image";
  if (starts("%PDF")) return "a PDF document";
  if (starts("\x1F\x8B")) return "gzip-compressed data";
  if (starts("PK\x03\x04")) return "a ZIP archive";
  if (starts("RIFF")) return "a RIFF (WebP/AVI/WAV) file";
  if (starts("\xFE\xFF") || starts("\xFF\xFE")) return "";  // UTF-16 text, decoded later
  size_t n = std::min<size_t>(bytes.size(), 4096), control = 0;
  for (size_t i = 0; i < n; ++i) {
    unsigned char c = static_cast<unsigned char>(bytes[i]);
    if (c == 0 || (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' && c != 0x1B)) ++control;
  }
  return control * 20 > n ? "binary data" : "";
}

// Whitespace collapsed, trimmed, NFC: for every string taken from attributes
// or metadata (text from the tree is already so).
std::string tidy(std::string_view s) {
  std::string out;
  bool space = false;
  for (char c : s) {
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return text::to_nfc(text::repair_utf8(out));
}

std::optional<std::string> non_empty(std::string s) {
  if (s.empty()) return std::nullopt;
  return s;
}

std::vector<const Node*> select(const html::Document& doc, const std::optional<FieldSelector>& f) {
  if (!f) return {};
  return html::select_all(doc.root(), f->selector);
}

// Reads a date from an element: a machine-readable attribute first.
std::optional<ParsedDate> date_of(const Node* n) {
  for (const char* name : {"datetime", "content", "data-time", "title"}) {
    if (auto v = html::attr(n, name))
      if (auto d = parse_date(*v)) return d;
  }
  std::string text = html::inline_text(n);
  if (auto d = parse_date(text)) return d;
  return find_date(text);
}

// The better of two dates: one with a time of day beats one without.
void prefer(std::optional<ParsedDate>& have, std::optional<ParsedDate> candidate) {
  if (!candidate) return;
  if (!have || (!have->has_time && candidate->has_time)) have = std::move(candidate);
}

std::string folded(std::string_view s) { return text::fold_for_match(s); }

// A short last paragraph, right-aligned or all bold: the byline many
// Vietnamese papers print under the text.
const Node* trailing_byline(const Node* body) {
  static const html::Selector paragraphs = html::Selector::parse("p, div");
  const Node* last = nullptr;
  auto blocks = html::select_all(body, paragraphs);
  // Lines the body will drop anyway ("Chia sẻ", a date line) are not last.
  auto shown = [&](const Node* n) {
    for (const Node* up = n; up && up != body->parent; up = up->parent)
      if (html::is_invisible(up)) return false;
    return true;
  };
  for (auto it = blocks.rbegin(); it != blocks.rend() && !last; ++it) {
    if (html::text_stats(*it).chars == 0 || !shown(*it)) continue;
    std::string text = html::inline_text(*it);
    if (!(is_boilerplate_line(text) || is_dateline(text) || is_credit_line(text))) last = *it;
  }
  if (!last || html::inline_text(last).size() > 80) return nullptr;
  std::string style = std::string(html::attr(last, "style").value_or(""));
  std::string align = std::string(html::attr(last, "align").value_or(""));
  bool right = style.find("right") != std::string::npos || align == "right";
  bool bold_only = true;
  for (const Node* c : html::children(last)) {
    if (html::is_text(c) && !tidy(html::text_of(c)).empty()) bold_only = false;
    GumboTag t = html::tag(c);
    if (html::is_element(c) && t != GUMBO_TAG_STRONG && t != GUMBO_TAG_B && t != GUMBO_TAG_EM &&
        t != GUMBO_TAG_I && t != GUMBO_TAG_BR)
      bold_only = false;
  }
  return (right || bold_only) ? last : nullptr;
}

// Whether any visible text node below `root` holds a non-space character;
// stops at the first, unlike a full count.
bool has_visible_text(const Node* root) {
  bool found = false;
  html::for_each_element(root, [&](const Node* n) {
    if (found || html::is_invisible(n)) return false;
    for (const Node* c : html::children(n))
      if (html::is_text(c))
        for (char ch : html::text_of(c))
          if (ch != ' ' && ch != '\n' && ch != '\t' && ch != '\r' && ch != '\f') return !(found = true);
    return true;
  });
  return found;
}

// Whether `name` (folded) is a domain name ("xinhxinh.com.vn"): no space,
// and a top-level label of two letters or more after its last dot
// ("H.V." and "J.R.R" are initials).
bool looks_like_domain(std::string_view name) {
  size_t dot = name.rfind('.');
  if (name.find(' ') != std::string_view::npos || dot == std::string_view::npos || dot == 0) return false;
  std::string_view tld = name.substr(dot + 1);
  return tld.size() >= 2 && std::all_of(tld.begin(), tld.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

// Whether the captions inside `body` hold more of its text than the rest
// of it: a photo story rather than an article with pictures.
bool captions_carry_text(const std::vector<const Node*>& captions, const Node* body) {
  size_t caption_chars = 0;
  for (const Node* c : captions)
    if (html::contains(body, c)) caption_chars += html::text_stats(c).chars;
  if (caption_chars == 0) return false;
  size_t all = html::text_stats(body).chars;
  return caption_chars * 2 > all;
}

bool looks_vietnamese(std::string_view text) {
  // Letters only Vietnamese uses among the Latin scripts: ơ ư đ and the
  // dot-below vowels; a few per hundred bytes is plenty.
  size_t hits = 0;
  for (size_t i = 0; i + 2 < text.size(); ++i) {
    unsigned char a = static_cast<unsigned char>(text[i]), b = static_cast<unsigned char>(text[i + 1]);
    if ((a == 0xC6 && (b == 0xA1 || b == 0xB0 || b == 0xA0 || b == 0xAF)) || (a == 0xC4 && (b == 0x91 || b == 0x90)) ||
        (a == 0xE1 && (b == 0xBA || b == 0xBB)))
      ++hits;
  }
  return hits * 200 > text.size() && hits >= 3;
}

class Pipeline {
 public:
  Pipeline(const PageInput& in, const SelectorLookup& sites, html::PageLinks* links = nullptr)
      : in_(in), sites_(sites), links_(links) {}

  Article run() {
    decode_and_parse();
    check_has_text();
    meta_ = read_metadata(*doc_, json_ld_);
    resolve_url_and_site();
    clean();
    read_title();
    read_lead();
    read_byline();
    read_dates();
    read_tags_and_related();
    read_body();
    finish();
    return std::move(a_);
  }

 private:
  void decode_and_parse() {
    if (in_.bytes.empty()) throw ExtractError("empty file: no HTML to extract");
    std::string kind = binary_kind(in_.bytes);
    if (!kind.empty()) throw ExtractError("not HTML: the file is " + kind);
    html::Decoded decoded = html::decode_html(in_.bytes, in_.content_type);
    if (decoded.double_encoded && !decoded.repaired)
      throw ExtractError("double-encoded UTF-8 (\"Ã\", \"á»\" for Vietnamese letters) that could not be repaired");
    if (decoded.invalid_bytes)
      spdlog::debug("{}: {} byte(s) invalid in {} replaced by U+FFFD", label(), decoded.invalid_bytes, decoded.charset);
    html::Prestripped pre = html::prestrip(decoded.text);
    if (pre.flattened_tags)
      spdlog::warn("{}: elements nested more than 512 deep; {} tags beyond that depth dropped, their text kept",
                   label(), pre.flattened_tags);
    json_ld_ = std::move(pre.json_ld);
    cut_markup(pre.html);
    doc_.emplace(html::Document::parse(std::move(pre.html)));
    reveal_hidden_article(*doc_);
    // Links are read before cleaning removes the navigation that holds many of them.
    if (links_) *links_ = html::collect_links(*doc_, in_.url);
  }

  // Keeps the first in_.max_markup bytes of the markup, cut at a tag's
  // start (never inside a tag or a UTF-8 sequence): the parse tree of a page
  // costs up to 20 bytes a byte, and a news page's markup is a tenth of it.
  void cut_markup(std::string& markup) const {
    if (!in_.max_markup || markup.size() <= in_.max_markup) return;
    size_t cut = markup.rfind('<', in_.max_markup);
    if (cut == std::string::npos || cut == 0) cut = in_.max_markup;
    while (cut > 0 && (static_cast<unsigned char>(markup[cut]) & 0xC0) == 0x80) --cut;
    spdlog::warn("{}: limit: {:.1f} MB of markup once scripts and styles are gone; only its first {} MB read",
                 label(), static_cast<double>(markup.size()) / (1 << 20), in_.max_markup >> 20);
    markup.resize(cut);
    ++markup_cuts;
  }

  void check_has_text() {
    if (!doc_->body() || !has_visible_text(doc_->body()))
      throw ExtractError("no text: the page has no visible text");
  }

 public:
  // Only the decoding, parsing and links: for pages that hold no article.
  void parse_for_links() { decode_and_parse(); }

 private:

  std::string label() const { return in_.url.empty() ? std::string("page") : in_.url; }

  void resolve_url_and_site() {
    base_ = in_.url;
    if (meta_.canonical) {
      std::string canonical = html::resolve_url(in_.url.empty() ? *meta_.canonical : in_.url, *meta_.canonical);
      if (!canonical.empty()) a_.url = canonical;
    }
    if (!a_.url && !in_.url.empty()) a_.url = in_.url;
    if (base_.empty() && a_.url) base_ = *a_.url;
    std::string host = !in_.site.empty() ? in_.site : html::url_host(in_.url);
    if (host.empty() && a_.url) host = html::url_host(*a_.url);
    rules_ = host.empty() ? nullptr : sites_.selectors_for(host);
    if (rules_) {
      a_.site = rules_->host;
    } else if (!in_.site.empty()) {
      throw ExtractError("no selector file for site '" + in_.site + "'");
    }
  }

  void clean() {
    if (rules_)
      for (const auto& f : rules_->remove)
        for (const Node* n : html::select_all(doc_->root(), f.selector)) doc_->remove(n);
    unwrap_page_forms(*doc_);
    remove_placeholder_holders(*doc_);
  }

  // The matches of a field's selector, in document order; none without
  // site rules or without that key.
  std::vector<const Node*> site_nodes(const std::optional<FieldSelector>& f) {
    return rules_ ? select(*doc_, f) : std::vector<const Node*>{};
  }

  // Notes that the generic path stood in for a field whose selector matched
  // nothing, for the log (naming site and selector) and for `extractor`.
  void fell_back(const std::optional<FieldSelector>& f, const char* field) {
    if (!rules_ || !f) return;
    spdlog::warn("{}: selector file {} ({} = \"{}\") matched nothing on {}; used the generic extractor",
                 rules_->host, rules_->file.filename().string(), f->key, f->selector.text(), label());
    fallbacks_.push_back(field);
  }

  void exclude(const Node* n) {
    if (n) excluded_.push_back(n);
  }

  void read_title() {
    for (const Node* n : site_nodes(rules_ ? rules_->title : std::nullopt)) {
      std::string t = html::inline_text(n);
      if (!t.empty()) {
        a_.title = t;
        exclude(n);
        return;
      }
    }
    if (const Node* h = find_title_element(*doc_, meta_)) {
      a_.title = html::inline_text(h);
      exclude(h);
    } else if (meta_.title) {
      a_.title = tidy(*meta_.title);
    }
    if (a_.title) fell_back(rules_ ? rules_->title : std::nullopt, "title");
  }

  void read_lead() {
    auto nodes = site_nodes(rules_ ? rules_->lead : std::nullopt);
    for (const Node* n : nodes) {
      std::string t = html::inline_text(n);
      exclude(n);
      if (!t.empty()) {
        a_.lead = t;
        return;
      }
    }
    if (!nodes.empty()) return;  // the site's lead slot is there, and empty on this page
    if (const Node* l = find_lead_element(*doc_, nullptr)) {
      std::string text = html::inline_text(l);
      if (repeats(text, a_.title)) return;  // a second headline, not a lead
      a_.lead = non_empty(std::move(text));
      exclude(l);
      if (a_.lead && rules_) fell_back(rules_->lead, "lead");
    }
  }

  void read_byline() {
    Byline byline;
    auto nodes = site_nodes(rules_ ? rules_->byline : std::nullopt);
    for (const Node* n : nodes) {
      merge_byline(byline, parse_byline(html::inline_text(n)));
      exclude(n);
    }
    for (const Node* n : site_nodes(rules_ ? rules_->source : std::nullopt)) {
      Byline s = parse_byline(html::inline_text(n));
      if (!byline.source) byline.source = s.source ? s.source : non_empty(html::inline_text(n));
      exclude(n);
    }
    if (byline.authors.empty() && (!rules_ || nodes.empty())) {
      for (const std::string& name : meta_.authors) merge_byline(byline, parse_byline(tidy(name)));
      authors_from_meta_ = !byline.authors.empty();
      take_visible_byline(byline);
      if (!byline.authors.empty() && rules_) fell_back(rules_->byline, "authors");
    }
    a_.authors = byline.authors;
    a_.source = byline.source;
    credit_outlets();
  }

  // The publication itself in the author list is a source, not a person:
  // its og:site_name ("Deutsche Welle"), a name that starts with it as a
  // word ("MDR Sachsen-Anhalt" for "MDR"), a domain name
  // ("xinhxinh.com.vn"), or the first label of the site's own host or
  // domain-like name ("XinhXinh", "STERN" for "STERN.de"). A person named
  // like the place a paper is named after ("Thanh Hoa" writing for "Báo
  // Thanh Hóa") is still a person.
  void credit_outlets() {
    std::vector<std::string> outlets;
    if (meta_.site_name) outlets.push_back(folded(*meta_.site_name));
    std::string host = html::url_host(in_.url);
    if (host.starts_with("www.")) host.erase(0, 4);
    if (!host.empty()) outlets.push_back(host);
    auto is_outlet = [&](const std::string& name) {
      std::string f = folded(name);
      if (looks_like_domain(f)) return true;
      for (const std::string& o : outlets) {
        if (o.empty()) continue;
        if (f == o || f == o.substr(0, o.find('.'))) return true;
        if (f.size() > o.size() && f.compare(0, o.size(), o) == 0 &&
            !std::isalnum(static_cast<unsigned char>(f[o.size()])))
          return true;
      }
      return false;
    };
    for (auto it = a_.authors.begin(); it != a_.authors.end();) {
      if (!is_outlet(*it)) {
        ++it;
        continue;
      }
      if (!a_.source) a_.source = *it;
      it = a_.authors.erase(it);
    }
  }

  // The byline printed on the page, when the metadata named nobody, or when
  // it names the metadata's authors and more: <meta name="author"> often
  // carries only the first of two names, and an added author is an edit.
  void take_visible_byline(Byline& byline) {
    // The first byline that names someone is the article's; later ones sign
    // teasers, quotes and other articles on the page.
    Byline visible;
    std::vector<const Node*> found;
    for (const Node* n : find_byline_elements(*doc_, nullptr)) {
      Byline b = parse_byline(html::inline_text(n));
      if (b.authors.empty() && !b.source) continue;
      merge_byline(visible, b);
      found.push_back(n);
      if (!b.authors.empty()) break;
    }
    if (!byline.authors.empty()) {
      Byline both = visible;
      merge_byline(both, byline);
      bool fuller = both.authors.size() == visible.authors.size() && visible.authors.size() > byline.authors.size();
      if (!fuller) return;
    }
    if (!visible.source) visible.source = byline.source;
    byline = std::move(visible);
    authors_from_meta_ = false;
    for (const Node* n : found) exclude(n);
  }

  void read_dates() {
    std::optional<ParsedDate> published;
    for (const Node* n : site_nodes(rules_ ? rules_->date : std::nullopt)) {
      prefer(published, date_of(n));
      if (published && published->has_time) break;
    }
    bool site_had = published.has_value();
    if (meta_.published) prefer(published, parse_date(tidy(*meta_.published)));
    if (!published || !published->has_time)
      for (const Node* n : find_date_elements(*doc_)) {
        prefer(published, date_of(n));
        if (published && published->has_time) break;
      }
    if (published && !published->has_time) prefer(published, printed_time_of_day(published->iso));
    if (published) {
      a_.published_at = published->iso;
      if (!site_had && rules_ && rules_->date) fell_back(rules_->date, "date");
    }
    std::optional<ParsedDate> updated;
    for (const Node* n : site_nodes(rules_ ? rules_->updated : std::nullopt)) prefer(updated, date_of(n));
    if (!updated && meta_.modified) prefer(updated, parse_date(tidy(*meta_.modified)));
    if (updated && updated->iso != a_.published_at) a_.updated_at = updated->iso;
  }

  // The date line printed on the page for the day `iso` names, with its
  // time ("Thứ Ba, 25/12/2012 - 10:03") where the metadata gave the day
  // only. Only short runs of an element's own text are read.
  std::optional<ParsedDate> printed_time_of_day(const std::string& iso) const {
    constexpr size_t kMaxElements = 5000;
    const std::string day = iso.substr(0, 10);
    std::optional<ParsedDate> found;
    size_t seen = 0;
    html::for_each_element(doc_->body(), [&](const Node* n) {
      if (found || ++seen > kMaxElements || html::is_invisible(n)) return false;
      std::string own;
      for (const Node* c : html::children(n))
        if (html::is_text(c)) own += html::text_of(c);
      if (own.size() < 8 || own.size() > 80) return true;
      if (auto d = find_date(own); d && d->has_time && d->iso.compare(0, 10, day) == 0) found = d;
      return !found;
    });
    return found;
  }

  void read_tags_and_related() {
    auto tag_nodes = site_nodes(rules_ ? rules_->tags : std::nullopt);
    a_.tags = read_tags(tag_nodes);
    for (const Node* n : tag_nodes) exclude(n);
    if (a_.tags.empty())
      for (const auto& t : meta_.tags)
        if (std::string s = tidy(t); !s.empty() && std::find(a_.tags.begin(), a_.tags.end(), s) == a_.tags.end())
          a_.tags.push_back(s);
    if (!rules_ || !rules_->related) return;
    auto items = site_nodes(rules_->related);
    const html::Selector* title_sel = rules_->related_title ? &rules_->related_title->selector : nullptr;
    const html::Selector* summary_sel = rules_->related_summary ? &rules_->related_summary->selector : nullptr;
    a_.related = read_related(items, title_sel, summary_sel, base_);
    for (const Node* n : items) exclude(n);
  }

  void read_body() {
    auto nodes = site_nodes(rules_ ? rules_->body : std::nullopt);
    const Node* body = nodes.empty() ? nullptr : nodes.front();
    // Captions before the body is cut: they are read, then taken out.
    auto caption_nodes = site_nodes(rules_ ? rules_->captions : std::nullopt);
    remove_excluded(body);
    bool generic = !body || html::text_stats(body).chars < kTinyBody;
    if (!generic) page_prose_ = page_prose(*doc_);
    if (generic) {
      if (rules_ && rules_->body) fell_back(rules_->body, "body");
      BodyChoice choice = find_body_container(*doc_);
      page_prose_ = choice.page_prose;
      body = choice.container;
      for (const Node* n : choice.drop) doc_->remove(n);
      if (body)
        spdlog::debug("{}: generic body <{} class=\"{}\" id=\"{}\"> with {} bytes of text", label(),
                      html::tag_name(body), html::attr(body, "class").value_or(""),
                      html::attr(body, "id").value_or(""), html::text_stats(body).chars);
    }
    if (caption_nodes.empty() && body) caption_nodes = find_caption_elements(body);
    a_.captions = read_captions(caption_nodes, base_);
    // A photo story tells itself under its photos: there the captions are
    // the article's text and stay in the body (they are listed too).
    const bool photo_story = body && captions_carry_text(caption_nodes, body);
    for (const Node* n : caption_nodes)
      if (n->parent && !html::contains(n, body) && !(photo_story && html::contains(body, n))) doc_->remove(n);
    if (!body) return;
    // Photos in the text carry captions and credits, not the article's text.
    if (!photo_story) remove_figures(body);
    if (generic) {
      prune_body(*doc_, body);
    } else {
      remove_furniture(*doc_, body, /*strict=*/false, {});
    }
    if ((a_.authors.empty() || authors_unseen()) && !(rules_ && rules_->byline && !generic))
      take_trailing_byline(body);
    a_.body = join_paragraphs(html::paragraphs(body));
    take_structured_body();
  }

  // The publisher's own copy of the text (JSON-LD articleBody) when the
  // page shows far less of it: a script renders the article, or a layout
  // hid it from the steps above. Its paragraphs are its lines.
  void take_structured_body() {
    constexpr size_t kMinChars = 300;
    // Most pages with an articleBody show all of it: decide that before any work.
    if (!meta_.article_body || meta_.article_body->size() < kMinChars || a_.body.size() * 2 >= meta_.article_body->size())
      return;
    std::vector<std::string> lines;
    std::string_view text = *meta_.article_body;
    size_t chars = 0;
    for (size_t at = 0; at <= text.size();) {
      size_t end = std::min(text.find('\n', at), text.size());
      std::string_view raw = text.substr(at, end - at);
      // Tags in the text are markup of the publisher's CMS, not words.
      std::string line = raw.find('<') == std::string_view::npos
                             ? tidy(raw)
                             : tidy(html::inline_text(html::Document::parse(std::string(raw)).body()));
      if (!line.empty()) {
        chars += line.size();
        lines.push_back(std::move(line));
      }
      at = end + 1;
    }
    if (chars < kMinChars || a_.body.size() * 2 >= chars) return;
    a_.body = join_paragraphs(lines);
  }

  // Takes the title, lead, byline, tags and related elements out of the
  // tree, unless one holds the body (a selector that matched too much).
  void remove_excluded(const Node* body) {
    for (const Node* n : excluded_)
      if (n->parent && !(body && html::contains(n, body))) doc_->remove(n);
  }

  // Removes the figures of the text: photos, videos, embeds waiting for
  // consent, pull quotes; their text is a caption, a credit or a repeat. A
  // figure that frames a table or code (WordPress wraps its tables so) is
  // text and stays.
  void remove_figures(const Node* body) {
    static const html::Selector figures = html::Selector::parse("figure");
    static const html::Selector text = html::Selector::parse("table, pre");
    for (const Node* f : html::select_all(body, figures))
      if (f != body && f->parent && !html::select_first(f, text)) doc_->remove(f);
  }

  // Whether the authors came from <meta name="author"> alone and none of
  // them is printed on the page: often the publisher's company or its web
  // team ("VCCorp.vn", "SEO"), where the printed byline names the writer.
  bool authors_unseen() const {
    if (!authors_from_meta_) return false;
    for (const std::string& name : a_.authors) {
      size_t first = doc_->source().find(name);
      if (first != std::string::npos && doc_->source().find(name, first + 1) != std::string::npos) return false;
    }
    return true;
  }

  void take_trailing_byline(const Node* body) {
    const Node* p = trailing_byline(body);
    if (!p) return;
    Byline b = parse_byline(html::inline_text(p));
    if (b.authors.empty() && !b.source) return;
    a_.authors = b.authors;
    if (!a_.source) a_.source = b.source;
    doc_->remove(p);
  }

  std::string join_paragraphs(const std::vector<std::string>& paragraphs) {
    std::set<std::string_view> seen;
    std::string out;
    for (size_t i = 0; i < paragraphs.size(); ++i) {
      const std::string& raw = paragraphs[i];
      std::string p = has_placeholder(raw) ? strip_placeholders(raw, doc_->source()) : raw;
      if (p.empty() || repeats(p, a_.title) || repeats(p, a_.lead) || is_boilerplate_line(p) || is_dateline(p) ||
          is_credit_line(p))
        continue;
      // A byline printed at the top or the bottom of the text is the byline.
      if (i < 6 || i + 2 >= paragraphs.size())
        if (auto byline = printed_byline(p)) {
          if (a_.authors.empty()) a_.authors = byline->authors;
          continue;
        }
      if (!seen.insert(raw).second) continue;  // the same paragraph twice
      if (!out.empty()) out += "\n\n";
      out += p;
    }
    return out;
  }

  // Whether paragraph `p` repeats `field` (the title or the lead), case and
  // diacritics aside. Folding costs; sizes that differ cannot match.
  static bool repeats(const std::string& p, const std::optional<std::string>& field) {
    if (!field || p.size() > field->size() * 2 + 8 || field->size() > p.size() * 2 + 8) return false;
    return folded(p) == folded(*field);
  }

  void finish() {
    if (a_.title) a_.title = tidy(*a_.title);
    if (a_.lead) a_.lead = non_empty(tidy(*a_.lead));
    if (meta_.language) a_.language = meta_.language;
    else if (rules_) a_.language = rules_->language;
    else if (looks_vietnamese(a_.body)) a_.language = "vi";
    a_.failure = failure();
    a_.extractor = rules_ ? "site:" + rules_->host : "generic";
    if (rules_ && !fallbacks_.empty()) {
      a_.extractor += "+generic(";
      for (size_t i = 0; i < fallbacks_.size(); ++i) a_.extractor += (i ? "," : "") + fallbacks_[i];
      a_.extractor += ")";
    }
  }

  // Why the record is not the whole article, if it can tell (see
  // Article::failure): no body, or a body that holds under a fifth of the
  // page's prose while thousands of bytes of it were left out.
  std::optional<std::string> failure() const {
    if (a_.body.empty()) return "no body";
    size_t kept = 0;
    for (const std::string* text : {&a_.body, a_.lead ? &*a_.lead : nullptr})
      if (text)
        for (char c : *text) kept += !(c == ' ' || c == '\n');
    constexpr size_t kLeftOut = 2000;
    if (kept * 5 < page_prose_ && page_prose_ - kept >= kLeftOut)
      return "short body: " + std::to_string(kept) + " of " + std::to_string(page_prose_) +
             " bytes of the page's prose";
    return std::nullopt;
  }

  const PageInput& in_;
  const SelectorLookup& sites_;
  html::PageLinks* links_;
  std::optional<html::Document> doc_;
  std::vector<std::string> json_ld_;
  PageMetadata meta_;
  const SiteSelectors* rules_ = nullptr;
  std::string base_;
  std::vector<const Node*> excluded_;
  std::vector<std::string> fallbacks_;
  size_t page_prose_ = 0;           // see page_prose()
  bool authors_from_meta_ = false;  // the authors are <meta name=author>'s alone
  Article a_;
};

}  // namespace

size_t markup_cuts_on_this_thread() { return markup_cuts; }

Article extract_article(const PageInput& page, const SelectorLookup& sites, html::PageLinks* links) {
  return Pipeline(page, sites, links).run();
}

html::PageLinks page_links(const PageInput& page) {
  static const NoSelectors no_rules;
  html::PageLinks links;
  Pipeline(page, no_rules, &links).parse_for_links();
  return links;
}

}  // namespace khobao::extract
