// Builds the seed corpora (see seed_corpus.hpp). Shared by the corpus maker
// of the fuzz build and the replay test, so that every seed also runs through
// its target in every ordinary test run.
#include "fuzz/seed_corpus.hpp"

#include "crawl/discovery.hpp"
#include "extract/extract.hpp"
#include "html/document.hpp"
#include "html/selector.hpp"
#include "site/site.hpp"
#include "store/warc.hpp"
#include "support.hpp"
#include "testsite/site_gen.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <sstream>

namespace khobao::fuzz {

namespace {

namespace fs = std::filesystem;
using Corpus = std::map<std::string, std::vector<Seed>>;

std::vector<fs::path> files_in(const fs::path& dir, std::string_view extension = {}) {
  std::vector<fs::path> files;
  std::error_code ec;
  for (const auto& entry : fs::recursive_directory_iterator(dir, ec))
    if (entry.is_regular_file() && (extension.empty() || entry.path().extension() == extension))
      files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  return files;
}

// "sites/baohatinh.vn/article.html" -> "sites-baohatinh.vn-article.html"
std::string flat_name(const fs::path& file, const fs::path& root) {
  std::string name = fs::relative(file, root).generic_string();
  std::replace(name.begin(), name.end(), '/', '-');
  return name;
}

// "/rss/xa-hoi.xml?x" -> "rss-xa-hoi.xml-x"
std::string path_name(std::string_view host, std::string_view path) {
  std::string name = std::string(host) + std::string(path);
  for (char& c : name)
    if (c == '/' || c == '?' || c == '&' || c == '=') c = '-';
  return name;
}

void add_fixtures(Corpus& corpus) {
  const fs::path fixtures = test::fixtures();
  for (const auto& f : files_in(fixtures, ".html")) {
    Seed seed{flat_name(f, fixtures), test::read_file(f)};
    corpus["charset"].push_back(seed);
    corpus["extract"].push_back(std::move(seed));
  }
  // The dates the fixtures' articles hold, as extraction wrote them.
  for (const auto& f : files_in(fixtures / "sites", ".json")) {
    nlohmann::json expected = nlohmann::json::parse(test::read_file(f));
    for (const char* key : {"published_at", "updated_at"})
      if (expected.contains(key) && expected[key].is_string())
        corpus["dates"].push_back({flat_name(f, fixtures) + "-" + key, expected[key].get<std::string>()});
  }
}

// Every selector of the selector files, and the files themselves.
void add_selector_files(Corpus& corpus) {
  const fs::path dir = test::source_dir() / "selectors";
  for (const auto& f : files_in(dir, ".toml")) {
    corpus["site_rules"].push_back({f.filename().string(), test::read_file(f)});
    site::Site rules = site::load_site(f);
    int n = 0;
    auto add = [&](const extract::FieldSelector& s) {
      corpus["selector"].push_back({f.stem().string() + "-" + std::to_string(n++), s.selector.text()});
    };
    const extract::SiteSelectors& sel = rules.selectors;
    for (const auto* field : {&sel.title, &sel.lead, &sel.body, &sel.byline, &sel.date, &sel.updated,
                              &sel.captions, &sel.related, &sel.related_title, &sel.related_summary,
                              &sel.tags, &sel.source})
      if (*field) add(**field);
    for (const auto& r : sel.remove) add(r);
  }
}

// "base\nhref" for the links of the fixture pages, as the url target reads them.
void add_links(Corpus& corpus) {
  const html::Selector anchors = html::Selector::parse("a[href], link[href], img[src]");
  for (const auto& f : files_in(test::fixtures() / "sites", ".html")) {
    html::Document doc = html::Document::parse(test::read_file(f));
    std::string base = "https://" + f.parent_path().filename().string() + "/" + f.filename().string();
    int n = 0;
    for (const html::Node* a : html::select_all(doc.root(), anchors)) {
      if (n == 40) break;  // enough of each page's shapes
      std::optional<std::string_view> href = html::attr(a, "href");
      if (!href) href = html::attr(a, "src");
      std::string name = flat_name(f, test::fixtures()) + "-" + std::to_string(n++);
      corpus["url"].push_back({std::move(name), base + "\n" + std::string(*href)});
    }
  }
}

std::string warc_bytes(const std::vector<store::warc::Record>& records, bool gzipped) {
  std::ostringstream out;
  if (gzipped) {
    store::warc::Writer writer(out);
    for (const auto& r : records) writer.write(r);
  } else {
    for (const auto& r : records) out << store::warc::record_bytes(r);
  }
  return out.str();
}

// A few pages of each generated site as one WARC file, plain and gzip'd.
void add_warc(Corpus& corpus, const testsite::Site& site, const std::vector<std::string>& paths) {
  using namespace store::warc;
  std::vector<Record> records{warcinfo_record("fuzz.warc.gz", "2026-03-07T08:00:00Z", "khobao/0.1.0")};
  for (const auto& path : paths) {
    testsite::Rendered page = testsite::render_page(site, path, {});
    CaptureInfo info{site.base + path, "2026-03-07T08:00:00Z", "", ""};
    Record response = response_record(
        info, http_response_message(page.status, {{"Content-Type", page.content_type}}, page.body));
    records.push_back(request_record(info, http_get_request(info.target_uri, "khobao/0.1.0"),
                                     response.header("WARC-Record-ID")));
    records.push_back(std::move(response));
  }
  corpus["warc"].push_back({site.host + ".warc", warc_bytes(records, false)});
  corpus["warc"].push_back({site.host + ".warc.gz", warc_bytes(records, true)});
}

// The sitemap index, then each sitemap it lists (some gzip'd).
void add_sitemaps(Corpus& corpus, const testsite::Site& site) {
  testsite::Rendered index = testsite::render_page(site, "/sitemap.xml", {});
  corpus["sitemap"].push_back({path_name(site.host, "/sitemap.xml"), index.body});
  crawl::Sitemap parsed = crawl::parse_sitemap(index.body, site.base + "/sitemap.xml");
  for (size_t i = 0; i < parsed.sitemaps.size() && i < 3; ++i) {
    std::string path = parsed.sitemaps[i].url.substr(site.base.size());
    corpus["sitemap"].push_back({path_name(site.host, path), testsite::render_page(site, path, {}).body});
  }
}

void add_test_sites(Corpus& corpus) {
  testsite::SiteOptions options;
  options.articles = 6;
  options.generic_articles = 4;
  options.page_size = 4;
  for (const testsite::Site& site : testsite::generate_sites(options)) {
    auto page = [&](const std::string& path) { return testsite::render_page(site, path, {}).body; };
    corpus["robots"].push_back({path_name(site.host, "/robots.txt"), page("/robots.txt")});
    for (const auto& feed : site.feeds) corpus["feed"].push_back({path_name(site.host, feed), page(feed)});
    add_sitemaps(corpus, site);
    std::vector<std::string> paths{"/", site.categories.at(0).path, site.articles.at(0).path, "/nowhere"};
    for (const auto& p : paths) corpus["extract"].push_back({path_name(site.host, p) + ".html", page(p)});
    add_warc(corpus, site, {"/", site.articles.at(0).path, "/robots.txt"});
  }
}

// tests/fuzz/seeds/<target>/*: what no fixture gives.
void add_hand_written(Corpus& corpus) {
  const fs::path dir = test::source_dir() / "tests" / "fuzz" / "seeds";
  for (const auto& f : files_in(dir)) {
    std::string target = fs::relative(f, dir).begin()->string();
    corpus[target].push_back({"seed-" + f.filename().string(), test::read_file(f)});
  }
}

}  // namespace

std::map<std::string, std::vector<Seed>> seed_corpus() {
  Corpus corpus;
  add_fixtures(corpus);
  add_selector_files(corpus);
  add_links(corpus);
  add_test_sites(corpus);
  add_hand_written(corpus);
  return corpus;
}

}  // namespace khobao::fuzz
