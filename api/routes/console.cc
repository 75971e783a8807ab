#include "api/routes/console.h"

#include <fstream>
#include <iterator>
#include <sstream>

#include "api/http/problem.h"

namespace ticketd::api {
namespace {

namespace fs = std::filesystem;

// The paths that belong to the API: a miss there is the API's 404, never
// the console's page. Under /admin/ only /admin/v1 is the API's: the
// console's admin screens (/admin/tenants, ...) are pages.
constexpr std::string_view kApiPrefixes[] = {"/v1/", "/admin/v1/", "/auth/"};
constexpr std::string_view kApiPaths[] = {"/v1",      "/admin",   "/admin/v1",    "/auth",
                                          "/healthz", "/metrics", "/openapi.json"};

std::string_view content_type_of(const fs::path& file) {
  const std::string ext = file.extension().string();
  if (ext == ".html") return "text/html; charset=utf-8";
  if (ext == ".js") return "text/javascript; charset=utf-8";
  if (ext == ".css") return "text/css; charset=utf-8";
  if (ext == ".map" || ext == ".json") return "application/json";
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".png") return "image/png";
  if (ext == ".ico") return "image/x-icon";
  if (ext == ".woff2") return "font/woff2";
  if (ext == ".txt") return "text/plain; charset=utf-8";
  return "application/octet-stream";
}

std::optional<std::string> read_file(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream out;
  out << in.rdbuf();
  if (!in && !in.eof()) return std::nullopt;
  return std::move(out).str();
}

// Whether the client takes gzip (Accept-Encoding names it without q=0).
bool accepts_gzip(const Request& request) {
  std::string_view value = request[http::field::accept_encoding];
  while (!value.empty()) {
    const std::size_t comma = value.find(',');
    std::string_view item = value.substr(0, comma);
    value = comma == std::string_view::npos ? std::string_view() : value.substr(comma + 1);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    const std::size_t semi = item.find(';');
    std::string_view coding = item.substr(0, semi);
    while (!coding.empty() && coding.back() == ' ') coding.remove_suffix(1);
    if (coding != "gzip" && coding != "*") continue;
    if (semi == std::string_view::npos) return true;
    std::string_view params = item.substr(semi + 1);
    const std::size_t q = params.find("q=");
    if (q == std::string_view::npos) return true;
    std::string_view weight = params.substr(q + 2);
    weight = weight.substr(0, weight.find_first_of(" ;"));
    // q=0, q=0.0, q=0.000: refused; any other weight accepts.
    return weight.find_first_not_of("0.") != std::string_view::npos;
  }
  return false;
}

bool is_api_path(std::string_view path) {
  for (std::string_view p : kApiPrefixes)
    if (path.starts_with(p)) return true;
  for (std::string_view p : kApiPaths)
    if (path == p) return true;
  return false;
}

}  // namespace

domain::Result<std::shared_ptr<const ConsoleFiles>> ConsoleFiles::load(const fs::path& dir) {
  auto failed = [&](const std::string& what) {
    return domain::make_error(domain::ErrorCode::kInternal,
                              "the console in " + dir.string() + ": " + what);
  };
  auto files = std::make_shared<ConsoleFiles>();
  std::uintmax_t total = 0;
  auto load_file = [&](const fs::path& path, File& file) -> bool {
    std::optional<std::string> body = read_file(path);
    if (!body) return false;
    total += body->size();
    file.body = std::move(*body);
    file.content_type = std::string(content_type_of(path));
    fs::path gz = path;
    gz += ".gz";
    std::error_code ec;
    if (fs::is_regular_file(gz, ec)) {
      std::optional<std::string> zipped = read_file(gz);
      if (!zipped) return false;
      total += zipped->size();
      file.gzip = std::move(*zipped);
    }
    return true;
  };
  if (!load_file(dir / "index.html", files->index_)) return failed("no readable index.html");
  std::error_code ec;
  const fs::path assets = dir / "assets";
  if (fs::is_directory(assets, ec)) {
    for (auto it = fs::recursive_directory_iterator(assets, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (!it->is_regular_file() || it->path().extension() == ".gz") continue;
      File file;
      if (!load_file(it->path(), file)) return failed("cannot read " + it->path().string());
      files->files_.emplace("/assets/" + it->path().lexically_relative(assets).generic_string(),
                            std::move(file));
      if (total > kMaxBytes) return failed("more than 64 MiB");
    }
    if (ec) return failed(ec.message());
  }
  return std::shared_ptr<const ConsoleFiles>(std::move(files));
}

void ConsoleFiles::serve(Exchange& exchange) const {
  const Request& request = exchange.request();
  const std::string_view path = path_of(request.target());
  const bool asset = path.starts_with("/assets/");
  const File* file = &index_;
  if (asset) {
    auto it = files_.find(path);
    file = it == files_.end() ? nullptr : &it->second;
  }
  if (file == nullptr || (!asset && is_api_path(path))) {
    exchange.respond(problem_response(domain::ErrorCode::kNotFound, "No such resource."));
    return;
  }
  if (request.method() != http::verb::get) {
    // As for the API's routes, which answer only the methods they name.
    Response r = problem_response(domain::ErrorCode::kMethodNotAllowed,
                                  "This resource does not support that method.");
    r.set(http::field::allow, "GET");
    exchange.respond(std::move(r));
    return;
  }
  Response r{http::status::ok, 11};
  r.set(http::field::content_type, file->content_type);
  r.set("X-Content-Type-Options", "nosniff");
  if (asset) {
    // Content-hashed names: a changed file is a new name.
    r.set(http::field::cache_control, "public, max-age=31536000, immutable");
  } else {
    r.set(http::field::cache_control, "no-cache");
    r.set("Content-Security-Policy", kConsoleCsp);
    r.set(http::field::x_frame_options, "DENY");
    r.set("Referrer-Policy", "same-origin");
    r.set("Cross-Origin-Opener-Policy", "same-origin");
  }
  const bool gzip = !file->gzip.empty() && accepts_gzip(request);
  if (!file->gzip.empty()) r.set(http::field::vary, "Accept-Encoding");
  if (gzip) r.set(http::field::content_encoding, "gzip");
  r.body() = gzip ? file->gzip : file->body;
  r.prepare_payload();
  exchange.respond(std::move(r));
}

void add_console(Router& router, std::shared_ptr<const ConsoleFiles> files) {
  router.set_fallback([files = std::move(files)](std::shared_ptr<Exchange> ex, const PathParams&) {
    files->serve(*ex);
  });
}

}  // namespace ticketd::api
