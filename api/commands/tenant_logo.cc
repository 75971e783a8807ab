#include "api/commands/tenant_logo.h"

#include "api/commands/attachments.h"

namespace ticketd::api {
namespace {

std::uint32_t byte_at(std::string_view b, std::size_t i) {
  return static_cast<unsigned char>(b[i]);
}

std::uint32_t big16(std::string_view b, std::size_t i) {
  return byte_at(b, i) << 8 | byte_at(b, i + 1);
}

std::uint32_t big32(std::string_view b, std::size_t i) {
  return big16(b, i) << 16 | big16(b, i + 2);
}

std::uint32_t little16(std::string_view b, std::size_t i) {
  return byte_at(b, i) | byte_at(b, i + 1) << 8;
}

std::uint32_t little24(std::string_view b, std::size_t i) {
  return little16(b, i) | byte_at(b, i + 2) << 16;
}

std::optional<ImageSize> png_size(std::string_view b) {
  // Signature, then the IHDR chunk: length, "IHDR", width, height.
  if (b.size() < 24 || !b.starts_with("\x89PNG\r\n\x1a\n") || b.substr(12, 4) != "IHDR")
    return std::nullopt;
  return ImageSize{big32(b, 16), big32(b, 20)};
}

std::optional<ImageSize> gif_size(std::string_view b) {
  if (b.size() < 10 || !(b.starts_with("GIF87a") || b.starts_with("GIF89a"))) return std::nullopt;
  return ImageSize{little16(b, 6), little16(b, 8)};
}

std::optional<ImageSize> jpeg_size(std::string_view b) {
  if (b.size() < 4 || byte_at(b, 0) != 0xFF || byte_at(b, 1) != 0xD8) return std::nullopt;
  std::size_t i = 2;
  while (i + 4 <= b.size()) {
    if (byte_at(b, i) != 0xFF) return std::nullopt;
    const std::uint32_t marker = byte_at(b, i + 1);
    if (marker == 0xFF) {  // fill byte
      ++i;
      continue;
    }
    // Markers without a segment: TEM, RST0-7, SOI, EOI.
    if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD9)) {
      i += 2;
      continue;
    }
    if (marker == 0xDA) return std::nullopt;  // the scan began before any frame header
    const std::size_t length = big16(b, i + 2);
    // SOF0-15 but DHT (C4), JPG (C8) and DAC (CC): precision, height, width.
    const bool frame =
        marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
    if (frame) {
      if (i + 9 > b.size() || length < 7) return std::nullopt;
      return ImageSize{big16(b, i + 7), big16(b, i + 5)};
    }
    if (length < 2) return std::nullopt;
    i += 2 + length;
  }
  return std::nullopt;
}

std::optional<ImageSize> webp_size(std::string_view b) {
  if (b.size() < 30 || !b.starts_with("RIFF") || b.substr(8, 4) != "WEBP") return std::nullopt;
  const std::string_view chunk = b.substr(12, 4);
  if (chunk == "VP8X") {  // the canvas: 24-bit width and height, minus one
    return ImageSize{little24(b, 24) + 1, little24(b, 27) + 1};
  }
  if (chunk == "VP8L") {  // lossless: 0x2f, then 14 bits each, minus one
    if (byte_at(b, 20) != 0x2F) return std::nullopt;
    const std::uint32_t bits = little16(b, 21) | little16(b, 23) << 16;
    return ImageSize{(bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1};
  }
  if (chunk == "VP8 ") {  // lossy: a key frame's start code, then 14 bits each
    if (byte_at(b, 23) != 0x9D || byte_at(b, 24) != 0x01 || byte_at(b, 25) != 0x2A)
      return std::nullopt;
    return ImageSize{little16(b, 26) & 0x3FFF, little16(b, 28) & 0x3FFF};
  }
  return std::nullopt;
}

domain::Error logo_field_error(std::string message) {
  domain::Error e = domain::make_error(domain::ErrorCode::kValidation, "logo: " + message);
  e.fields.push_back({"logo", std::move(message)});
  return e;
}

}  // namespace

std::optional<ImageSize> image_size(std::string_view type, std::string_view bytes) {
  if (type == "image/png") return png_size(bytes);
  if (type == "image/gif") return gif_size(bytes);
  if (type == "image/jpeg") return jpeg_size(bytes);
  if (type == "image/webp") return webp_size(bytes);
  return std::nullopt;
}

domain::Result<domain::TenantLogo> check_logo(std::string_view bytes) {
  if (bytes.size() > domain::kMaxTenantLogoBytes) {
    return domain::make_error(domain::ErrorCode::kBodyTooLarge,
                              "a logo may be at most 256 KiB (" +
                                  std::to_string(domain::kMaxTenantLogoBytes) +
                                  " bytes); this file has " + std::to_string(bytes.size()));
  }
  if (bytes.empty()) return logo_field_error("is empty: send the image's bytes as the body");
  domain::TenantLogo logo;
  logo.size = bytes.size();
  logo.type = detect_media_type(bytes.substr(0, eventstore::BlobStore::Writer::kHeadBytes));
  if (!domain::is_tenant_logo_type(logo.type)) {
    return domain::make_error(
        domain::ErrorCode::kUnsupportedMediaType,
        "a logo must be a PNG, JPEG, GIF or WebP image; this file is " + logo.type);
  }
  const std::optional<ImageSize> size = image_size(logo.type, bytes);
  if (!size || size->width == 0 || size->height == 0) {
    return logo_field_error("is not a whole " + logo.type + " image: its header gives no size");
  }
  if (size->width > kMaxLogoSide || size->height > kMaxLogoSide) {
    return logo_field_error("is " + std::to_string(size->width) + " x " +
                            std::to_string(size->height) + " pixels; a logo may be at most " +
                            std::to_string(kMaxLogoSide) + " on each side");
  }
  return logo;
}

std::string tenant_logo_path(std::string_view slug, std::string_view sha256) {
  return "/v1/tenants/" + std::string(slug) + "/logo?v=" + std::string(sha256.substr(0, 12));
}

}  // namespace ticketd::api
