// Requests and responses as plain data: the web UI's handlers take and give
// these, so that they are tested without a socket; http_server.cpp converts
// them to and from cpp-httplib's.
#pragma once

#include <map>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace khobao::serve {

struct Request {
  std::string method = "GET";
  std::string path;                                 // decoded, without the query
  std::multimap<std::string, std::string> params;  // decoded query parameters

  // The first value of parameter `name`, or "" when absent.
  std::string param(const std::string& name) const;
};

struct Response {
  int status = 200;
  std::string content_type = "text/html; charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // besides Content-Type

  // The first value of header `name` (exact case, as set here), or "".
  std::string header(const std::string& name) const;
};

// A request the UI refuses, with the status and the words a reader sees:
// 400 for a bad parameter, 404 for what the archive does not have.
class HttpError : public std::runtime_error {
 public:
  HttpError(int status, const std::string& message) : std::runtime_error(message), status_(status) {}
  int status() const { return status_; }

 private:
  int status_;
};

}  // namespace khobao::serve
