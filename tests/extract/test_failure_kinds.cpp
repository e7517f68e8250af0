// The kinds of failure the generic extractor met on pages nobody tuned it
// for, each with the smallest page of our own that shows it: the article
// lost, cut short, taken from the wrong block, or padded with furniture.
#include "extract/extract.hpp"
#include "extract/generic.hpp"
#include "html/charset.hpp"
#include "generic_support.hpp"
#include "site/site.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>

using namespace khobao;
using test::generic;
using test::has;
using test::prose;

namespace {

// Vietnamese prose of the same length.
std::string van(const std::string& topic) {
  return "<p>" + topic + ", theo UBND tỉnh, sẽ được triển khai tại các xã ven biển, giúp người dân, "
                         "nhất là ngư dân, ổn định cuộc sống trong mùa mưa bão năm nay.</p>";
}

// A menu and a footer of links around `main`, as every real page has.
std::string page_around(const std::string& main) {
  return "<ul class=menu><li><a href=/1>Thời sự</a></li><li><a href=/2>Kinh tế</a></li></ul>" + main +
         "<div class=footer><a href=/about>Giới thiệu</a> <a href=/contact>Liên hệ</a></div>";
}

}  // namespace

// ---- the article lost ------------------------------------------------------

TEST_CASE("a form that wraps the whole page does not hide the article", "[generic][kinds]") {
  // ASP.NET WebForms pages put everything in <form id=aspnetForm>.
  auto a = generic("<form name=aspnetForm method=post id=aspnetForm>" +
                   page_around("<div class=fon34>" + van("Kế hoạch nghỉ Tết") + van("Lịch trực ban") + "</div>") +
                   "</form>");
  CHECK(has(a.body, "Kế hoạch nghỉ Tết"));
  CHECK(has(a.body, "Lịch trực ban"));
  CHECK_FALSE(a.failure);
}

TEST_CASE("a small form is still furniture", "[generic][kinds]") {
  auto a = generic("<div class=story>" + prose("The plan") + prose("The vote") + "</div>" +
                   "<form><p>Sign up for our letters and never miss a story again, every morning.</p></form>");
  CHECK(has(a.body, "The plan"));
  CHECK_FALSE(has(a.body, "Sign up"));
}

TEST_CASE("a photo story keeps its text, which sits under each photo", "[generic][kinds]") {
  std::string photos;
  for (const char* caption : {"Ngư dân kéo lưới lúc bình minh trên biển Thạch Hải.",
                              "Những mẻ cá đầu mùa được đưa lên bờ.", "Chợ cá họp ngay trên bãi cát."})
    photos += std::string("<table class=tplCaption><tr><td><img src=/a.jpg></td></tr><tr><td><p class=Image>") +
              caption + "</p></td></tr></table>";
  auto a = generic(page_around("<div class=fck_detail>" + photos + "</div>"));
  CHECK(has(a.body, "Ngư dân kéo lưới"));
  CHECK(has(a.body, "Chợ cá họp"));
  CHECK(a.captions.size() == 3);  // still listed as captions, with their images
}

TEST_CASE("a sidebar-named column that holds the article is not a sidebar", "[generic][kinds]") {
  auto a = generic("<div class=sidebar-1><article class=fck_detail>" + van("Mức giảm trừ gia cảnh") +
                   van("Bộ Tài chính kiến nghị") + "</article></div><div class=sidebar-2><a href=/x>Tin khác</a></div>");
  CHECK(has(a.body, "Mức giảm trừ gia cảnh"));
  CHECK(has(a.body, "Bộ Tài chính kiến nghị"));
}

TEST_CASE("a list named after articles is not the article", "[generic][kinds]") {
  auto a = generic("<article><div class=formatted><section>" + prose("The court") + prose("The patent") +
                   "</section><section>" + prose("The appeal") + "</section></div></article>" +
                   "<ul class=list-articles><li><a href=/d>Daily deals</a> Rabatte, Angebote und mehr, "
                   "jeden Tag neu</li></ul>");
  CHECK(has(a.body, "The court"));
  CHECK(has(a.body, "The appeal"));
  CHECK_FALSE(has(a.body, "Daily deals"));
}

// ---- cut short ---------------------------------------------------------------

TEST_CASE("an article cut into wrapped blocks between ads is kept whole", "[generic][kinds]") {
  std::string blocks;
  for (const char* topic : {"The first block", "The second block", "The third block", "The fourth block"})
    blocks += std::string("<div class=row><div><div class=RichText>") + prose(topic) + prose(topic + std::string(" again")) +
              "</div></div></div><div class=ad-slot><div>Anzeige</div></div>";
  auto a = generic(page_around("<article><div class=wrapper>" + blocks + "</div></article>"));
  for (const char* topic : {"The first block", "The second block", "The third block", "The fourth block"})
    CHECK(has(a.body, topic));
  CHECK_FALSE(has(a.body, "Anzeige"));
}

TEST_CASE("teasers of other articles do not widen the article", "[generic][kinds]") {
  std::string teasers = "<ul>";
  for (int i = 0; i < 6; ++i)
    teasers += "<li><a href=/t" + std::to_string(i) + ">Another story number " + std::to_string(i) +
               " on this site</a> NEW DELHI: A summary of that other story that runs on for a while, as they do.</li>";
  teasers += "</ul>";
  auto a = generic("<div class=boxed><div class=main-article-content>" + prose("The report") + prose("The census") +
                   "</div>" + teasers + "</div>");
  CHECK(has(a.body, "The report"));
  CHECK_FALSE(has(a.body, "NEW DELHI"));
}

TEST_CASE("a boxed 'Read more' between paragraphs removes the box, not the rest", "[generic][kinds]") {
  auto a = generic("<div class=article-text>" + prose("Before the box") +
                   "<div class=inline-box><h3>Lesen Sie auch</h3><a href=/o>Ein anderer Artikel</a></div>" +
                   prose("After the box") + prose("The end of it") + "</div>");
  CHECK(has(a.body, "Before the box"));
  CHECK(has(a.body, "After the box"));
  CHECK(has(a.body, "The end of it"));
  CHECK_FALSE(has(a.body, "Ein anderer Artikel"));
}

TEST_CASE("a heading not boxed of its own still closes the article", "[generic][kinds]") {
  auto a = generic("<div class=entry>" + prose("The story") + prose("The sequel") + "<h3>Você pode gostar</h3>" +
                   "<p>Outro texto de outro artigo, que não é este, com muitas palavras e vírgulas, e mais.</p>" +
                   "<p>Mais um texto de outro artigo, que também não é este, com palavras e vírgulas.</p></div>");
  CHECK(has(a.body, "The sequel"));
  CHECK_FALSE(has(a.body, "Outro texto"));
}

TEST_CASE("a class that says no-WORD is not furniture WORD", "[generic][kinds]") {
  auto a = generic("<div class=entry-content><div class=no-tts>" + prose("The payment") + "</div><div class=no-tts>" +
                   prose("The bank") + "</div></div>");
  CHECK(has(a.body, "The payment"));
  CHECK(has(a.body, "The bank"));
}

// ---- hidden is not always invisible ----------------------------------------

TEST_CASE("a streaming page's hidden article is read when the visible page lacks it", "[generic][kinds]") {
  std::string article = "<article>" + prose("The streamed story") + prose("The second part") + prose("The third") +
                        prose("The fourth") + "</article>";
  auto a = generic("<div id=root>Loading…</div><div hidden id=S:0>" + article + "</div>");
  CHECK(has(a.body, "The streamed story"));
  CHECK(has(a.body, "The fourth"));
}

TEST_CASE("hidden text stays hidden when the visible page has the article", "[generic][kinds]") {
  auto a = generic("<article>" + prose("The visible story") + prose("Its second part") + prose("Its third") +
                   prose("Its fourth") + prose("Its fifth") + "</article><div hidden>" + prose("A hidden draft") + "</div>");
  CHECK(has(a.body, "The visible story"));
  CHECK_FALSE(has(a.body, "A hidden draft"));
}

TEST_CASE("JSON-LD articleBody stands in for a page that shows far less", "[generic][kinds]") {
  std::string text = "The whole story as the publisher gives it, with many words, commas, and facts. ";
  std::string ld = R"({"@context":"https://schema.org","@type":"NewsArticle","headline":"A story","articleBody":")";
  for (int i = 0; i < 8; ++i) ld += "Paragraph " + std::to_string(i) + ": " + text + "\\n";
  ld += R"("})";
  auto a = generic("<h1>A story</h1><div class=teaser><p>Only a teaser of the story is shown here, nothing more.</p></div>",
                   "<script type=\"application/ld+json\">" + ld + "</script>");
  CHECK(has(a.body, "Paragraph 0: The whole story"));
  CHECK(has(a.body, "Paragraph 7: The whole story"));
  CHECK(has(a.body, "\n\nParagraph 1:"));  // its lines are paragraphs
}

// ---- padded with furniture ----------------------------------------------------

TEST_CASE("date lines, credits, counters and reading times are not text", "[generic][kinds]") {
  auto a = generic("<div class=article-body><p>Stand: 22.04.2024, 06:00 Uhr</p><p>3 Min Lesezeit</p>" + prose("The text") +
                   "<p>Foto: dpa</p><p>1 of 12 |</p><p>21 mins ago 11:48</p><p>Anzeige</p><p>___</p>" +
                   prose("The rest") + "<p>Reporting by Jane Roe; Editing by John Doe</p>"
                   "<p>http://example.org/wp-content/a.jpg 1200 676 admin http://example.org/</p>"
                   "<p>Tickets: see the theatre's page – https://example.org/tickets for the show.</p></div>");
  CHECK(has(a.body, "Tickets: see the theatre"));
  CHECK(has(a.body, "The text"));
  CHECK(has(a.body, "The rest"));
  for (const char* gone :
       {"Stand:", "Lesezeit", "Foto:", "1 of 12", "mins ago", "Anzeige", "___", "Reporting by", "a.jpg 1200"}) {
    INFO(gone);
    CHECK_FALSE(has(a.body, gone));
  }
}

TEST_CASE("a sentence with a date stays", "[generic][kinds]") {
  CHECK_FALSE(extract::is_dateline("The vote on 12 May 2023 was postponed after a long debate in the council."));
  CHECK(extract::is_dateline("Thứ Ba, 25/12/2012 - 10:03"));
  CHECK(extract::is_dateline("Publiziert heute um 12:19 Uhr"));
}

TEST_CASE("a printed byline at the top of the text is the byline, not text", "[generic][kinds]") {
  auto a = generic("<div class=article-text><p>Von Nina Magoley</p>" + prose("The firefighters") + prose("The union") +
                   "</div>");
  CHECK_FALSE(has(a.body, "Magoley"));
  REQUIRE(a.authors.size() == 1);
  CHECK(a.authors[0] == "Nina Magoley");
  CHECK(extract::printed_byline("By Jane Doe and John Roe")->authors.size() == 2);
  CHECK_FALSE(extract::printed_byline("By the river, the town grew."));
}

TEST_CASE("figures in the text carry captions and credits, not the article", "[generic][kinds]") {
  auto a = generic("<div class=story-body>" + prose("The vote") +
                   "<figure><img src=/p.jpg><span class=credit>Francesco Carta | Getty Images</span>"
                   "<figcaption>Voters in line</figcaption></figure>" +
                   prose("The count") + "</div>");
  CHECK(has(a.body, "The count"));
  CHECK_FALSE(has(a.body, "Getty Images"));
  CHECK_FALSE(has(a.body, "Voters in line"));
  // WordPress frames its tables in a figure: that is text.
  auto b = generic("<div class=entry-content>" + prose("The prices") +
                   "<figure class=wp-block-table><table><tr><td>Rice</td><td>12,000 đồng a kilo</td></tr></table>"
                   "<figcaption>Prices in May</figcaption></figure>" + prose("The markets") + "</div>");
  CHECK(has(b.body, "12,000 đồng a kilo"));
}

TEST_CASE("embeds' consent notices, disclaimers and author boxes are not text", "[generic][kinds]") {
  auto a = generic("<div class=article-body>" + prose("The phone") +
                   "<div class='embed embed--youtube'><p>An dieser Stelle findest du einen externen Inhalt von "
                   "YouTube, der den Artikel ergänzt.</p></div>" +
                   prose("The chip") +
                   "<div class=affiliate-disclaimer><p>If you buy something using links in our stories, we may earn "
                   "a commission.</p></div><div class=author-bio><p>Jane has covered phones since they were the size "
                   "of bricks, for many papers.</p></div><label>Eine wärmende Suppe.</label></div>");
  CHECK(has(a.body, "The chip"));
  for (const char* gone : {"externen Inhalt", "commission", "size of bricks", "Suppe"}) {
    INFO(gone);
    CHECK_FALSE(has(a.body, gone));
  }
}

TEST_CASE("an author's description is not the lead", "[generic][kinds]") {
  auto a = generic("<div class=author-description>Seit 2019 bei der Zeitung. Interessiert sich vor allem für "
                   "Gesundheit und Ungleichheit.</div><article>" + prose("The law") + prose("The draft") + "</article>");
  CHECK_FALSE(a.lead);
}

// ---- authors ---------------------------------------------------------------------

TEST_CASE("the article's byline is the first that names someone, never a teaser's", "[generic][kinds][byline]") {
  auto a = generic("<div class=byline><a rel=author href=/author/ann>Ann Lee</a></div><article>" + prose("The story") +
                   prose("The sequel") + "</article><ul class=more-stories>"
                   "<li><a href=/s1>Other story</a><span class=byline><a href=/author/bob>Bob Ray</a></span></li>"
                   "<li><a href=/s2>Third story</a><span class=byline><a href=/author/cy>Cy Day</a></span></li></ul>",
                   "<meta name=author content='Ann Lee'>");
  CHECK(a.authors == std::vector<std::string>{"Ann Lee"});
}

TEST_CASE("the outlet named as an author is the source", "[generic][kinds][byline]") {
  auto a = generic("<article>" + prose("The story") + prose("The sequel") + "</article>",
                   "<meta property='og:site_name' content='Deutsche Welle'><meta name=author content='Deutsche Welle'>");
  CHECK(a.authors.empty());
  CHECK(a.source == "Deutsche Welle");
}

// ---- literal text is not a placeholder ------------------------------------------

TEST_CASE("escaped markup and escaped braces in the text are the author's words", "[generic][kinds][clean]") {
  auto a = generic("<article><p>To embed it, paste &lt;script&gt; into the &lt;head&gt; of your page, then call it, "
                   "which the manual explains at length.</p><p>The template syntax &#123;name&#125; is printed here "
                   "as an example, which readers of the manual will recognise.</p>" + prose("The manual") + "</article>");
  CHECK(has(a.body, "paste <script> into the <head> of your page"));
  CHECK(has(a.body, "syntax {name} is printed"));
}

TEST_CASE("an unrendered placeholder in the markup is still stripped", "[generic][kinds][clean]") {
  auto a = generic("<article>" + prose("The story") + "<p>Gửi bởi {name} lúc 10:00 hôm qua, theo thông báo của ban biên tập tòa soạn.</p>" +
                   prose("The end") + "</article>");
  CHECK_FALSE(has(a.body, "{name}"));
  CHECK(has(a.body, "Gửi bởi"));
}

// ---- never lost silently ------------------------------------------------------------

TEST_CASE("a page with no body says so in the record", "[generic][kinds][failure]") {
  auto a = generic("<h1>Một tiêu đề dài của bài báo</h1><div class=menu><a href=/1>Tin</a></div>");
  CHECK(a.body.empty());
  CHECK(a.failure == "no body");
}

TEST_CASE("a body far shorter than the page's prose is flagged short", "[generic][kinds][failure]") {
  // The site's body selector catches only the first block of a long article.
  std::string rest;
  for (int i = 0; i < 20; ++i) rest += van("Đoạn " + std::to_string(i));
  std::string page = "<html><body><h1 class=title>Tiêu đề bài báo thử nghiệm</h1><div class=first>" +
                     van("Đoạn mở đầu") + "</div><div class=rest>" + rest + "</div></body></html>";
  test::TempDir dir;
  test::write_file(dir.path() / "example.org.toml",
                   "[site]\nhost = \"example.org\"\n[extract]\ntitle = \"h1.title\"\nbody = \"div.first\"\n");
  const auto sites = site::SiteSet::load_dir(dir.path());
  auto a = extract::extract_article({page, "https://example.org/a.html", "", ""}, sites);
  REQUIRE(a.failure);
  CHECK(a.failure->starts_with("short body: "));
  CHECK_FALSE(has(a.body, "Đoạn 5"));
}

TEST_CASE("a whole article is not flagged", "[generic][kinds][failure]") {
  auto a = generic(page_around("<article>" + van("Đoạn một") + van("Đoạn hai") + van("Đoạn ba") + "</article>"));
  CHECK_FALSE(a.failure);
}

// ---- encodings ----------------------------------------------------------------------

TEST_CASE("an English page with a few garbled quotes is not refused as double-encoded", "[generic][kinds][charset]") {
  std::string body;
  for (int i = 0; i < 40; ++i) body += "<p>An ordinary paragraph of English text, number " + std::to_string(i) + ".</p>";
  // Two garbled apostrophes, and an arrow that windows-1252 cannot hold, so
  // the page cannot be reversed as a whole.
  body += "<p>He said it wasn\xC3\xA2\xE2\x82\xAC\xE2\x84\xA2t so \xE2\x86\x92 and didn\xC3\xA2\xE2\x82\xAC\xE2\x84\xA2t care.</p>";
  html::Decoded d = html::decode_html("<html><body>" + body + "</body></html>", "text/html; charset=utf-8");
  CHECK_FALSE(d.double_encoded);
  auto a = generic("<article>" + body + "</article>");
  CHECK(has(a.body, "ordinary paragraph"));
}

TEST_CASE("the printed time of day completes a date the metadata gives as a day", "[generic][kinds][dates]") {
  auto a = generic("<div class=box26><span class=fr><meta itemprop=datePublished content=2012-12-25>"
                   "Thứ Ba, 25/12/2012 - 10:03</span></div><h1>Chốt lịch nghỉ lễ Tết 2013 của công chức</h1>"
                   "<div class=fon34>" + van("Kế hoạch nghỉ Tết") + van("Lịch trực ban") + "</div>",
                   R"(<script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2012-12-25"}</script>)");
  CHECK(a.published_at == "2012-12-25T10:03:00+07:00");
}

TEST_CASE("a company in meta author gives way to the printed byline", "[generic][kinds][byline]") {
  auto a = generic("<div class=fck_detail>" + van("Khánh Ly về thăm") + van("Nữ ca sĩ mang theo") +
                   "<p style='text-align:right'><strong>Tâm Giao</strong></p></div>",
                   "<meta name=author content='FPT Online'>");
  CHECK(a.authors == std::vector<std::string>{"Tâm Giao"});
  // A meta author printed on the page stays the author.
  auto b = generic("<div class=byline>Anh Minh</div><div class=fck_detail>" + van("Mức giảm trừ") + van("Bộ Tài chính") +
                   "</div>", "<meta name=author content='Anh Minh'>");
  CHECK(b.authors == std::vector<std::string>{"Anh Minh"});
}

TEST_CASE("a person named like the paper's province stays a person", "[generic][kinds][byline]") {
  auto a = generic("<article>" + van("Hợp tác xã Hậu Lộc") + van("Công tác tiêm chủng") + "</article>",
                   "<meta property='og:site_name' content='Báo Thanh Hóa'><meta name=author content='Hồng Hoa - Thanh Hoa'>");
  CHECK(a.authors == std::vector<std::string>{"Hồng Hoa", "Thanh Hoa"});
}

TEST_CASE("the site's own name and domain are sources, initials are a person", "[generic][kinds][byline]") {
  static const site::SiteSet no_rules;
  auto page = [](const std::string& authors) {
    return "<html><head>" + authors + "</head><body><article>" + van("Bốn bước mix đồ") + van("Tự tin tỏa sáng") +
           "</article></body></html>";
  };
  auto a = extract::extract_article(
      {page("<meta name=author content=XinhXinh><meta name=author content=xinhxinh.com.vn>"),
       "http://xinhxinh.com.vn/phong-cach/a.html", "", ""},
      no_rules);
  CHECK(a.authors.empty());
  CHECK(a.source == "XinhXinh");
  auto b = extract::extract_article({page("<meta name=author content=H.V.>"), "http://ngoisao.net/a.html", "", ""}, no_rules);
  REQUIRE(b.authors.size() == 1);  // initials are a person
  CHECK(b.authors[0].starts_with("H.V"));
}

TEST_CASE("the markup cap counts markup, not the scripts before the article", "[generic][kinds][limits]") {
  static const site::SiteSet no_rules;
  const std::string article = "<article>" + prose("The story after the scripts") + prose("Its second part") + "</article>";
  // 3 MB of inline script (a framework's state) before the article, a 1 MB cap on markup.
  std::string page = "<html><head></head><body><script>var state = \"" + std::string(3 << 20, 'x') + "\";</script>" +
                     article + "</body></html>";
  extract::PageInput in{page, "https://example.org/a", "", "", 1 << 20};
  size_t cuts = extract::markup_cuts_on_this_thread();
  auto a = extract::extract_article(in, no_rules);
  CHECK(has(a.body, "The story after the scripts"));
  CHECK(extract::markup_cuts_on_this_thread() == cuts);
  // 3 MB of markup itself: cut at the cap, at a tag, and counted.
  std::string links;
  while (links.size() < (3u << 20)) links += "<a href=/l>link</a> ";
  page = "<html><body>" + article + "<div>" + links + "</div></body></html>";
  extract::PageInput big{page, "https://example.org/a", "", "", 1 << 20};
  auto b = extract::extract_article(big, no_rules);
  CHECK(has(b.body, "Its second part"));
  CHECK(extract::markup_cuts_on_this_thread() == cuts + 1);
}

TEST_CASE("the byline under the text is found past hidden blocks and furniture lines", "[generic][kinds][byline]") {
  auto a = generic("<div class=fon34>" + van("Dịp Tết Âm lịch") + van("Các cơ quan, tổ chức") +
                   "<P align=right><B>Quang Phong - Tùng Nguyên</B></P>"
                   "<div style='display: none !important'><div><span>Chốt lịch nghỉ lễ Tết 2013</span></div></div>"
                   "<div>Chia sẻ</div></div>");
  CHECK(a.authors == std::vector<std::string>{"Quang Phong", "Tùng Nguyên"});
  CHECK_FALSE(has(a.body, "Quang Phong"));
}
