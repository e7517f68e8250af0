// A real browser for the end-to-end tests: headless Chromium driven through
// the DevTools protocol over two pipes, so a test sees what a reader sees
// (scripts run or are blocked, CSP applies, layout happens) without a
// websocket, node or any new dependency.
#pragma once

#include <nlohmann/json.hpp>

#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace khobao::test {

// The Chromium to test with: $KHOBAO_CHROMIUM when set (taken as given, so a
// wrong path fails the test loudly instead of skipping it; set but empty
// means "no browser"), else /usr/bin/chromium, else "chromium" or
// "chromium-browser" found on $PATH. Nullopt when there is none, and the
// browser tests then skip: a machine without Chromium can still run the rest.
std::optional<std::string> find_chromium();

// One headless browser with one tab. Each instance owns its own process
// group, profile folder and pipes, and gives all of them back when
// destroyed, on every path (exceptions included), so a failing test leaves
// no browser behind. Not thread-safe: one thread drives it, because the
// DevTools events are read only while a call waits.
//
// Every wait is bounded by timeout() (20 s unless set_timeout() says
// otherwise); a wait that runs out, or a browser that dies, throws
// std::runtime_error naming what was awaited and ending with the last lines
// of Chromium's own log. A crashed page stays crashed: every later wait
// throws at once, and the test needs a new Chromium.
class Chromium {
 public:
  // What a navigation ended on. `status` and `headers` are those of the main
  // document's HTTP response (after any HTTP redirects; `url` is where they
  // led); status is 0 when the document came from no HTTP response
  // (about:blank). Header names are lower-cased; a repeated header's values
  // are joined with '\n', as Chromium reports them.
  struct Loaded {
    int status = 0;
    std::map<std::string, std::string> headers;
    std::string url;
  };

  // Starts `binary` (a path, or a name to look up on $PATH) headless, with a
  // fresh profile under the temp folder, a 1280x900 window and a new blank
  // tab to drive, its Page, Runtime, Log and Network domains enabled so that
  // console(), requests() and navigate()'s status see everything from the
  // first page on. Throws std::runtime_error if it cannot start or does not
  // answer in time.
  explicit Chromium(const std::string& binary);

  // Asks the browser to close (Browser.close), waits up to 10 s for it to
  // exit (none if it did not even answer within 5 s), then kills its whole
  // process group, and removes the profile. Never throws and never leaves a
  // process behind.
  ~Chromium();

  Chromium(const Chromium&) = delete;
  Chromium& operator=(const Chromium&) = delete;

  // Loads `url` in the tab and returns once its load event has fired: the
  // document, its scripts, images and styles are in, so a check made next
  // sees the page a reader would. An HTTP error status is an answer, not a
  // failure (a 404 page is returned with status 404); a navigation that
  // gets no response at all (refused connection, bad URL, a download)
  // throws with Chromium's net:: error rather than return Chromium's own
  // error page. If the page itself navigates away before loading, the
  // returned Loaded is that of the page it went to. A fragment-only change
  // of the current URL fires no load event and returns the current
  // document's Loaded.
  Loaded navigate(const std::string& url);

  // Evaluates the JavaScript `expression` in the page's main world and
  // returns its value as JSON (a promise is awaited first; undefined comes
  // back as null, NaN, Infinity and BigInts as their text, objects JSON
  // cannot hold, such as DOM nodes, as {}).
  // Throws if it threw or the promise was rejected. DevTools evaluation is
  // not stopped by the page's CSP, so this shows what the page *could* do,
  // not what its own scripts did: check the latter with outer_html().
  nlohmann::json evaluate(const std::string& expression);

  // Clicks the first element matching `css_selector` (element.click(), so a
  // hidden or covered element is clicked all the same), then waits for the
  // main frame to commit a new document and for that document's load event.
  // Throws if nothing matches, if no navigation follows within the timeout
  // (a link to a fragment, a target=_blank link, a button that does
  // nothing), or if the new document got no response (as navigate()).
  Loaded click_and_wait(const std::string& css_selector);

  // The current document serialized as HTML, doctype included, as it is now
  // (after scripts changed it, if any ran). Taken through the DOM domain,
  // not a script, so it works on pages whose CSP forbids every script.
  std::string outer_html();

  // Writes a PNG of the whole page (not just the viewport; at most 16384
  // CSS pixels high) at one device pixel per CSS pixel of the current
  // viewport. Throws if Chromium refuses or the file cannot be written.
  void screenshot(const std::filesystem::path& path);

  // What the pages said since the last clear_console(), as far as Chromium
  // has reported it (a message logged by a timer after the last call may
  // still be on its way: wait for something first), one line each, oldest
  // first, prefixed with where it came from:
  //   "console.log: hello"                 console.* calls ("console.error: ..." etc.)
  //   "exception: Uncaught Error: boom"    uncaught exceptions and rejections
  //   "log.error (security): Blocked ..."  the browser's own messages: CSP
  //                                        blocks, failed loads, interventions
  // Kept across navigations, so a message from a page the test has since
  // left is still there to assert on.
  std::vector<std::string> console() const;
  void clear_console();

  // The URL of every request the tab started since the last
  // clear_requests() (as far as Chromium has reported them, as for
  // console()), oldest first: documents, subresources, fetches, each hop
  // of a redirect and the browser's own favicon requests, but no data: URL,
  // which is no request at all. A request that CSP or the browser blocked
  // counts too, because the page asked for it: blocked_requests() lists
  // those, so "nothing left the machine" is requests() minus
  // blocked_requests().
  std::vector<std::string> requests() const;
  std::vector<std::string> blocked_requests() const;
  void clear_requests();

  // Makes the viewport `width` x `height` CSS pixels at one device pixel
  // each; `mobile` also turns on what a phone has (meta viewport handling,
  // overlay scrollbars, touch events), so media queries and touch-only
  // styles answer as on a phone. As on a phone, a mobile page without
  // <meta name="viewport" content="width=device-width"> is laid out 980 px
  // wide and shrunk to fit. Holds across navigations.
  void set_viewport(int width, int height, bool mobile);

  // Sends any other DevTools command to the tab and returns its result:
  // the escape hatch for what the methods above do not cover. Throws with
  // Chromium's error message if the command fails.
  nlohmann::json command(const std::string& method, const nlohmann::json& params = nlohmann::json::object());

  // The bound on every single wait (default 20 s, enough for a loaded
  // machine and a sanitizer build; Chromium itself is never instrumented).
  std::chrono::milliseconds timeout() const;
  void set_timeout(std::chrono::milliseconds timeout);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace khobao::test
