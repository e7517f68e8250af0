// The generic extractor: finds the article on a page without site rules (or
// whose rules stopped matching), from text density, link density, paragraph
// counts and class/id hints over the gumbo tree.
#pragma once

#include "extract/byline.hpp"
#include "extract/metadata.hpp"
#include "html/document.hpp"

#include <optional>
#include <string>
#include <vector>

namespace khobao::extract {

// Where the article body is: the container, and the elements inside it that
// are not the article (siblings of the best block that did not belong with
// it). On a page with no paragraph of prose, its <article> or <main>, else
// <body>. container is nullptr only without a body.
struct BodyChoice {
  const html::Node* container = nullptr;
  std::vector<const html::Node*> drop;
  size_t page_prose = 0;  // see page_prose()
};
BodyChoice find_body_container(const html::Document& doc);

// Bytes of prose on the whole page (non-space bytes of paragraphs of at
// least 40 bytes of text outside links, outside headers, footers, asides,
// navigation and comment threads): what a reader would call its text. A
// body far shorter than that was cut short.
size_t page_prose(const html::Document& doc);

// Removes from `container` what is not article text: blocks that are mostly
// links, furniture by class/id, and everything from a tail heading ("Tin
// liên quan", "Related", "Xem thêm", ...) on.
void prune_body(html::Document& doc, const html::Node* container);

// Whether a paragraph is a heading that closes the article ("Tin liên quan",
// "Xem thêm:", "Related articles", ...).
bool is_tail_heading(std::string_view text);

// Whether a paragraph is a line of page furniture that can stand anywhere
// in a body ("Advertisement", "Quảng cáo", "Read more", "Chia sẻ"): dropped,
// but not an end of the article.
bool is_boilerplate_line(std::string_view text);

// Whether a paragraph is only a date line ("Stand: 22.04.2024, 06:00 Uhr",
// "Thứ Ba, 25/12/2012 - 10:03"): short, with a date and a time of day.
bool is_dateline(std::string_view text);

// Whether a paragraph is an image credit ("Foto: dpa", "Bildrechte: MDR/X",
// "© Reuters"): short, led by a credit word and a colon, or by ©.
bool is_credit_line(std::string_view text);

// The names of a printed byline paragraph ("By Jane Doe", "Von Nina
// Magoley"), or nothing when `text` is not one: short, led by the word
// for "by" of a common language, and names after it.
std::optional<Byline> printed_byline(std::string_view text);

// The headline element: the <h1> (or first heading) that best matches the
// metadata title, or nullptr.
const html::Node* find_title_element(const html::Document& doc, const PageMetadata& meta);

// The standfirst element by class hints (sapo, lead, description, summary,
// standfirst, excerpt), with text of lead length, or nullptr.
const html::Node* find_lead_element(const html::Document& doc, const html::Node* body);

// Byline elements by hints: class/id words (author, byline, tac-gia),
// rel=author, links to author pages; short texts only.
std::vector<const html::Node*> find_byline_elements(const html::Document& doc, const html::Node* body);

// Elements that carry the publication date: <time datetime>, class words
// (date, time, publish), in document order.
std::vector<const html::Node*> find_date_elements(const html::Document& doc);

// Caption elements inside the body: figcaption and caption classes.
std::vector<const html::Node*> find_caption_elements(const html::Node* body);

}  // namespace khobao::extract
