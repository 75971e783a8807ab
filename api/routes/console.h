#pragma once
// The web console (web/), served from the directory its build writes:
// index.html for every page the console routes itself (/, /sign-in,
// /queue, /tickets/acme-42, ...) with a strict Content-Security-Policy, and
// the content-hashed files under /assets/ cached for a year. Every file is
// read once at start-up, so a request never touches the file system and no
// path from a request ever names a file.

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "api/http/exchange.h"
#include "api/http/router.h"
#include "domain/result.h"

namespace ticketd::api {

class ConsoleFiles {
 public:
  // The most a console directory may hold (it is kept in memory).
  static constexpr std::uintmax_t kMaxBytes = 64u << 20;

  // Reads `dir`: index.html and everything under assets/ (with the .gz
  // sibling of a file, when there is one, as its gzip encoding).
  static domain::Result<std::shared_ptr<const ConsoleFiles>> load(const std::filesystem::path& dir);

  // Answers a request for a path no API route has: an asset, index.html
  // for a console page, 404 (an unknown asset, or a path under an API
  // prefix, which stays the API's problem+json 404), or 405 for a method
  // other than GET.
  void serve(Exchange& exchange) const;

  std::size_t file_count() const { return files_.size(); }

 private:
  struct File {
    std::string body;
    std::string gzip;  // empty when there is no .gz sibling
    std::string content_type;
  };
  File index_;
  std::map<std::string, File, std::less<>> files_;  // "/assets/app-1A2B.js" -> file
};

// Serves `files` for the paths no route answers (Router::set_fallback).
void add_console(Router& router, std::shared_ptr<const ConsoleFiles> files);

// The Content-Security-Policy of the console's pages.
inline constexpr std::string_view kConsoleCsp =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; manifest-src 'self'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'";

}  // namespace ticketd::api
