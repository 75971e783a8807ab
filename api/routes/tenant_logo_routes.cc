// A tenant's logo: its admins upload it (PUT, the image itself as the body)
// and remove it (DELETE); anyone fetches it (GET /v1/tenants/{slug}/logo,
// no credential: mail clients do, and the console's pages). The bytes are a
// blob, stored and held like a message's file (an upload its event
// references, so it is never collected); the event carries only its hash,
// type and size. And the tenant as its customers' portal shows it (GET
// /v1/tenant: its name and logo, so the portal's header draws the logo only
// when there is one).

#include <fcntl.h>
#include <unistd.h>

#include <boost/asio/post.hpp>

#include "api/commands/attachments.h"
#include "api/commands/tenant_logo.h"
#include "api/http/problem.h"
#include "api/routes/command_support.h"
#include "api/routes/route_docs.h"
#include "api/routes/tenant_json.h"

namespace ticketd::api {
namespace {

using domain::ErrorCode;

Response unavailable() {
  return problem_response(ErrorCode::kUnavailable, "files are not kept on this server");
}

// The tenant {slug} when `actor` may configure it; nullopt after answering
// 404, the same for a tenant outside the scope as for a missing one.
std::optional<Tenant> tenant_to_configure(App& app, Exchange& ex, const domain::Actor& actor,
                                          std::string_view slug) {
  auto tenant = domain::in_scope(actor, slug) ? app.directory().tenant(slug) : std::nullopt;
  if (!tenant) ex.respond(problem_response(ErrorCode::kNotFound, "no such tenant"));
  return tenant;
}

std::string extension_of(std::string_view type) {
  return type == "image/jpeg" ? "jpg" : std::string(type.substr(type.find('/') + 1));
}

void put_logo(App& app, std::shared_ptr<Exchange> ex, const PathParams& p) {
  auto actor = app.authorize(*ex, Audience::kTenantAdmin);
  if (!actor) return;
  auto tenant = tenant_to_configure(app, *ex, *actor, p.get("slug"));
  if (!tenant) return;
  Attachments* files = app.attachments();
  if (!files) return ex->respond(unavailable());
  auto checked = check_logo(ex->request().body());
  if (!checked) return ex->fail(checked.error());
  // Stored and claimed on the attachments' pool (fsync, key store), as a
  // message's files are; the event is appended once the bytes are durable.
  boost::asio::post(
      files->pool(), [&app, files, ex = std::move(ex), actor = std::move(*actor),
                      slug = std::move(tenant->slug), logo = std::move(*checked)]() mutable {
        Upload draft;
        draft.file.name = "logo." + extension_of(logo.type);
        draft.tenant = slug;
        draft.uploader = uploader_of(actor);
        const std::vector<std::string> types(domain::kTenantLogoTypes.begin(),
                                             domain::kTenantLogoTypes.end());
        auto stored = files->store(ex->request().body(), std::move(draft), types, app.now());
        if (!stored) return ex->fail(stored.error());
        auto claimed = files->claim({stored->file.id}, stored->uploader, app.now());
        if (!claimed) return ex->fail(claimed.error());
        logo.sha256 = stored->file.sha256;
        auto uploads = std::make_shared<const std::vector<Upload>>(std::move(*claimed));
        app.directory().set_logo(
            std::move(slug), std::move(logo), actor, app.now(),
            [ex, files, uploads](domain::Result<Tenant> r) {
              if (r) return ex->respond(tenant_response(http::status::ok, *r));
              // Refused: the claim goes back and the upload is collected in
              // time. An unknown outcome (the store failed) keeps it.
              if (r.error().code != ErrorCode::kInternal) {
                boost::asio::post(files->pool(), [files, uploads] { files->unclaim(*uploads); });
              }
              ex->fail(r.error());
            });
      });
}

void delete_logo(App& app, std::shared_ptr<Exchange> ex, const PathParams& p) {
  auto actor = app.authorize(*ex, Audience::kTenantAdmin);
  if (!actor) return;
  auto tenant = tenant_to_configure(app, *ex, *actor, p.get("slug"));
  if (!tenant) return;
  app.directory().remove_logo(tenant->slug, *actor, app.now(),
                              answer_with<Tenant>(std::move(ex), [](const Tenant& t) {
                                return tenant_response(http::status::ok, t);
                              }));
}

// Whether If-None-Match names `etag` (or is "*").
bool not_modified(const Request& request, std::string_view etag) {
  std::string_view header = request[http::field::if_none_match];
  while (!header.empty()) {
    const std::size_t comma = header.find(',');
    std::string_view tag = header.substr(0, comma);
    while (!tag.empty() && tag.front() == ' ') tag.remove_prefix(1);
    while (!tag.empty() && tag.back() == ' ') tag.remove_suffix(1);
    if (tag.starts_with("W/")) tag.remove_prefix(2);
    if (tag == etag || tag == "*") return true;
    if (comma == std::string_view::npos) break;
    header.remove_prefix(comma + 1);
  }
  return false;
}

// The whole blob (a logo is small); nullopt when it cannot be read.
std::optional<std::string> read_blob(const std::filesystem::path& path, std::uint64_t size) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  std::string bytes(static_cast<std::size_t>(size), '\0');
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n =
        ::pread(fd, bytes.data() + done, bytes.size() - done, static_cast<off_t>(done));
    if (n <= 0) break;
    done += static_cast<std::size_t>(n);
  }
  ::close(fd);
  if (done != bytes.size()) return std::nullopt;
  return bytes;
}

void get_logo(App& app, std::shared_ptr<Exchange> ex, const PathParams& p) {
  // No tenant and no logo answer alike: the route tells nothing else.
  auto tenant = app.directory().tenant(p.get("slug"));
  if (!tenant || !tenant->logo) {
    return ex->respond(problem_response(ErrorCode::kNotFound, "the tenant has no logo"));
  }
  Attachments* files = app.attachments();
  if (!files) return ex->respond(unavailable());
  const domain::TenantLogo logo = *tenant->logo;
  const std::string etag = "\"" + logo.sha256 + "\"";
  Response r{http::status::ok, 11};
  r.set(http::field::etag, etag);
  // Anyone's cache may keep it a day: a new logo has a new URL (?v=).
  r.set(http::field::cache_control, "public, max-age=86400");
  r.set("X-Content-Type-Options", "nosniff");
  r.set("Content-Security-Policy", "default-src 'none'; sandbox");
  if (not_modified(ex->request(), etag)) {
    r.result(http::status::not_modified);
    return ex->respond(std::move(r));
  }
  boost::asio::post(files->pool(), [files, ex = std::move(ex), r = std::move(r), logo,
                                    slug = tenant->slug]() mutable {
    std::optional<std::string> bytes = read_blob(files->blobs().path_of(logo.sha256), logo.size);
    if (!bytes) {
      return ex->fail(domain::make_error(
          ErrorCode::kInternal, "the blob " + logo.sha256 + " of the logo of tenant " + slug +
                                    " cannot be read (ticketctl verify)"));
    }
    r.set(http::field::content_type, logo.type);
    r.body() = std::move(*bytes);
    r.prepare_payload();
    ex->respond(std::move(r));
  });
}

void get_own_tenant(App& app, std::shared_ptr<Exchange> ex) {
  auto actor = app.authorize(*ex, Audience::kCustomer);
  if (!actor) return;
  auto tenant = app.directory().tenant(actor->tenant);
  if (!tenant) return ex->respond(problem_response(ErrorCode::kNotFound, "no such tenant"));
  std::string out;
  domain::JsonWriter w(out);
  w.begin_object();
  w.member("slug", tenant->slug);
  w.member("name", tenant->name);
  write_tenant_logo(w, *tenant);
  w.end_object();
  ex->respond(json_response(http::status::ok, std::move(out)));
}

constexpr const char* kImageSchema =
    R"json({"type":"string","format":"binary","description":"The image's bytes"})json";

RouteDoc put_doc() {
  RouteDoc doc{
      .operation_id = "setTenantLogo",
      .summary = "Upload a tenant's logo: a PNG, JPEG, GIF or WebP image of at most 256 KiB",
      .tag = "Tenants",
      .request_schema = kImageSchema,
      .response_schema = docs::ref("Tenant"),
      .errors = {503},
      .request_media_type = "image/png",
      .other_request_media_types = {{"image/jpeg", kImageSchema},
                                    {"image/gif", kImageSchema},
                                    {"image/webp", kImageSchema},
                                    {"application/octet-stream", kImageSchema}},
      .description =
          "The body is the image. Its type is detected from its bytes, never taken from "
          "Content-Type: 415 unsupported_media_type names the detected type of anything but PNG, "
          "JPEG, GIF or WebP (SVG is refused: it can carry script). 413 body_too_large over 256 "
          "KiB (262144 bytes), 413 attachment_quota_exceeded over the tenant's file quota, 422 "
          "naming logo for an empty body or an image whose header gives no size or more than "
          "4096 pixels on a side. The bytes go to the blob store; the event TenantLogoSet "
          "carries only their sha256, type and size. The answer is the tenant, its logo with "
          "the public url mail and the portal use."};
  return with_audience(std::move(doc), Audience::kTenantAdmin);
}

}  // namespace

void add_tenant_logo_routes(Router& router, App& app) {
  router.add(
      http::verb::put, "/admin/v1/tenants/{slug}/logo",
      [&app](std::shared_ptr<Exchange> ex, const PathParams& p) {
        put_logo(app, std::move(ex), p);
      },
      put_doc());
  router.add(
      http::verb::delete_, "/admin/v1/tenants/{slug}/logo",
      [&app](std::shared_ptr<Exchange> ex, const PathParams& p) {
        delete_logo(app, std::move(ex), p);
      },
      with_audience(RouteDoc{.operation_id = "removeTenantLogo",
                             .summary = "Remove a tenant's logo (404 when it has none)",
                             .tag = "Tenants",
                             .response_schema = docs::ref("Tenant"),
                             .description = "Its mail and portal show the name alone again. The "
                                            "event TenantLogoRemoved records it; the image stays "
                                            "in the blob store, as the log's history names it."},
                    Audience::kTenantAdmin));
  router.add(
      http::verb::get, "/v1/tenant",
      [&app](std::shared_ptr<Exchange> ex, const PathParams&) {
        get_own_tenant(app, std::move(ex));
      },
      with_audience(RouteDoc{.operation_id = "getMyTenant",
                             .summary = "The caller's tenant as its portal shows it: name and logo",
                             .tag = "Portal",
                             .response_schema = docs::ref("PortalTenant"),
                             .errors = {404}},
                    Audience::kCustomer));
  router.add(
      http::verb::get, "/v1/tenants/{slug}/logo",
      [&app](std::shared_ptr<Exchange> ex, const PathParams& p) {
        get_logo(app, std::move(ex), p);
      },
      RouteDoc{
          .operation_id = "getTenantLogo",
          .summary = "A tenant's logo, the image itself (no credential: mail clients fetch it)",
          .tag = "Tenants",
          .authenticated = false,
          .response_schema =
              R"json({"type":"string","format":"binary","description":"A PNG, JPEG, GIF or WebP image, as Content-Type says"})json",
          .other_success_status = 304,
          .query = {{"v", R"({"type":"string"})",
                     "Ignored; the logo's url carries the first 12 hex digits of its SHA-256, "
                     "so a new logo is a new url for caches"}},
          .response_media_type = "*/*",
          .description =
              "The image with its detected type, ETag (its SHA-256), Cache-Control public, "
              "max-age=86400, X-Content-Type-Options nosniff and Content-Security-Policy "
              "default-src 'none'; sandbox. If-None-Match with the ETag answers 304. 404 when "
              "the tenant has no logo, or there is no such tenant (the same answer)."});
}

}  // namespace ticketd::api
