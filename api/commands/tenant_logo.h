#pragma once
// A tenant's logo as it arrives (PUT /admin/v1/tenants/{slug}/logo): the
// checks its bytes must pass before they become a blob, and the public path
// mail and the portal fetch it from (GET /v1/tenants/{slug}/logo). The rules
// of what a logo may be are the domain's (domain/directory.h:
// kTenantLogoTypes, kMaxTenantLogoBytes); this reads the bytes. Pure, but
// for libmagic's reading of them.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "domain/directory.h"
#include "domain/result.h"

namespace ticketd::api {

// The most pixels a logo may have on either side: mail shows it 32 px
// high, and a larger canvas only costs every reader's memory (a small
// compressed file may declare a huge one).
inline constexpr std::uint32_t kMaxLogoSide = 4096;

struct ImageSize {
  std::uint32_t width = 0;
  std::uint32_t height = 0;
  friend bool operator==(const ImageSize&, const ImageSize&) = default;
};

// The width and height the header of an image of `type` (one of
// kTenantLogoTypes) declares: PNG's IHDR, GIF's logical screen, a JPEG's
// first SOF segment, WebP's VP8, VP8L or VP8X header. Nullopt when the
// header is cut short or not of that type. Reads only the header.
std::optional<ImageSize> image_size(std::string_view type, std::string_view bytes);

// The logo `bytes` make, its type detected from the content (libmagic, as
// for attachments), never from what the client claims; `sha256` is left
// for the blob store to fill. kBodyTooLarge over kMaxTenantLogoBytes;
// kUnsupportedMediaType naming the detected type for anything but PNG,
// JPEG, GIF or WebP (SVG above all: it can carry script); kValidation
// (field "logo") for an empty body, or an image whose header gives no size
// or a side of more than kMaxLogoSide pixels.
domain::Result<domain::TenantLogo> check_logo(std::string_view bytes);

// "/v1/tenants/acme/logo?v=0123456789ab": where anyone fetches the tenant's
// logo of `sha256`. The first 12 hex digits of the hash make a new logo a
// new URL, so caches (which may keep one a day) never show the old one.
std::string tenant_logo_path(std::string_view slug, std::string_view sha256);

}  // namespace ticketd::api
