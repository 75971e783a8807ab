// A tenant's logo as uploaded: its type read from the bytes (never the
// client's claim), the size limit, the pixel size each image type's header
// declares, and the public path with its version.
#include "api/commands/tenant_logo.h"

#include <boost/test/unit_test.hpp>
#include <cstdint>
#include <string>

namespace ticketd::api {
namespace {

std::string big32(std::uint32_t n) {
  return {static_cast<char>(n >> 24), static_cast<char>(n >> 16), static_cast<char>(n >> 8),
          static_cast<char>(n)};
}

std::string little(std::uint32_t n, int bytes) {
  std::string out;
  for (int i = 0; i < bytes; ++i) out += static_cast<char>(n >> (8 * i));
  return out;
}

// A PNG's signature, header and end: what the checks read (no pixels;
// nothing here decodes them).
std::string png(std::uint32_t width, std::uint32_t height) {
  auto chunk = [](std::string type, std::string data) {
    return big32(static_cast<std::uint32_t>(data.size())) + type + data + big32(0);
  };
  return std::string("\x89PNG\r\n\x1a\n", 8) +
         chunk("IHDR", big32(width) + big32(height) + std::string("\x08\x06\x00\x00\x00", 5)) +
         chunk("IEND", "");
}

std::string gif(std::uint16_t width, std::uint16_t height) {
  return "GIF89a" + little(width, 2) + little(height, 2) + std::string("\x80\x00\x00", 3) +
         std::string("\x00\x00\x00\xff\xff\xff", 6) + std::string("\x2c\x00\x00\x00\x00", 5) +
         little(width, 2) + little(height, 2) + std::string("\x00\x02\x02\x44\x01\x00\x3b", 7);
}

// SOI, a JFIF APP0 segment, a baseline frame header (SOF0), EOI.
std::string jpeg(std::uint16_t width, std::uint16_t height) {
  const std::string app0 =
      std::string("\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00", 18);
  std::string sof = std::string("\xff\xc0\x00\x0b\x08", 5);
  sof += static_cast<char>(height >> 8);
  sof += static_cast<char>(height);
  sof += static_cast<char>(width >> 8);
  sof += static_cast<char>(width);
  sof += std::string("\x01\x01\x11\x00", 4);
  return std::string("\xff\xd8", 2) + app0 + sof + std::string("\xff\xd9", 2);
}

std::string riff(std::string chunk, std::string data) {
  return "RIFF" + little(static_cast<std::uint32_t>(12 + data.size()), 4) + "WEBP" + chunk +
         little(static_cast<std::uint32_t>(data.size()), 4) + data;
}

// Lossless: 0x2f, then width-1 and height-1 in 14 bits each.
std::string webp_lossless(std::uint32_t width, std::uint32_t height) {
  return riff("VP8L", "\x2f" + little((width - 1) | (height - 1) << 14, 4) + std::string(5, '\0'));
}

std::string webp_lossy(std::uint16_t width, std::uint16_t height) {
  return riff("VP8 ", std::string("\x10\x02\x00\x9d\x01\x2a", 6) + little(width, 2) +
                          little(height, 2) + std::string(4, '\0'));
}

std::string webp_extended(std::uint32_t width, std::uint32_t height) {
  return riff("VP8X", std::string(4, '\0') + little(width - 1, 3) + little(height - 1, 3));
}

BOOST_AUTO_TEST_SUITE(tenant_logo_test)

BOOST_AUTO_TEST_CASE(each_image_type_is_detected_from_its_bytes_with_its_size) {
  const std::pair<std::string, std::string> images[] = {
      {png(3, 2), "image/png"},
      {gif(5, 4), "image/gif"},
      {jpeg(7, 6), "image/jpeg"},
      {webp_lossless(9, 8), "image/webp"},
  };
  for (const auto& [bytes, type] : images) {
    auto logo = check_logo(bytes);
    BOOST_TEST_REQUIRE(logo.has_value(), type << ": " << logo.error().message);
    BOOST_TEST(logo->type == type);
    BOOST_TEST(logo->size == bytes.size());
    BOOST_TEST(logo->sha256.empty());  // the blob store names it
  }
  BOOST_TEST((image_size("image/png", png(3, 2)) == ImageSize{3, 2}));
  BOOST_TEST((image_size("image/gif", gif(5, 4)) == ImageSize{5, 4}));
  BOOST_TEST((image_size("image/jpeg", jpeg(640, 480)) == ImageSize{640, 480}));
  BOOST_TEST((image_size("image/webp", webp_lossless(9, 8)) == ImageSize{9, 8}));
  BOOST_TEST((image_size("image/webp", webp_lossy(300, 100)) == ImageSize{300, 100}));
  BOOST_TEST((image_size("image/webp", webp_extended(5000, 20)) == ImageSize{5000, 20}));
  // A JPEG's frame header after other segments (fill bytes too).
  std::string later = jpeg(11, 10);
  later.insert(2, std::string("\xff\xff\xfe\x00\x05"
                              "abc",
                              8));  // a comment segment
  BOOST_TEST((image_size("image/jpeg", later) == ImageSize{11, 10}));
}

BOOST_AUTO_TEST_CASE(the_clients_claim_counts_for_nothing_and_only_four_types_pass) {
  // Whatever a client says, SVG (script!), text and HTML are what they are.
  const std::pair<std::string, std::string> refused[] = {
      {"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\">"
       "<script>alert(1)</script></svg>\n",
       "image/svg+xml"},
      {"just some words\n", "text/plain"},
      {"BM" + little(62, 4) + little(0, 4) + little(54, 4) + little(40, 4) + little(1, 4) +
           little(1, 4) + little(1, 2) + little(24, 2) + std::string(30, '\0'),
       "image/bmp"},
  };
  for (const auto& [bytes, type] : refused) {
    auto logo = check_logo(bytes);
    BOOST_TEST_REQUIRE(!logo.has_value(), type);
    BOOST_TEST((logo.error().code == domain::ErrorCode::kUnsupportedMediaType), type);
    // The detail names what the bytes are.
    BOOST_TEST(logo.error().message.find(type) != std::string::npos, logo.error().message);
  }
  // HTML (libmagic may call a short page text/plain): no image either.
  auto page = check_logo("<!DOCTYPE html><html><body><img src=x onerror=alert(1)></body></html>\n");
  BOOST_TEST_REQUIRE(!page.has_value());
  BOOST_TEST((page.error().code == domain::ErrorCode::kUnsupportedMediaType));
  BOOST_TEST(page.error().message.find("this file is text/") != std::string::npos);
  auto empty = check_logo("");
  BOOST_TEST_REQUIRE(!empty.has_value());
  BOOST_TEST((empty.error().code == domain::ErrorCode::kValidation));
  BOOST_TEST(empty.error().fields.at(0).field == "logo");
}

BOOST_AUTO_TEST_CASE(at_most_256_kib_and_4096_pixels_a_side) {
  // A PNG padded with an ancillary chunk to exactly the limit passes; one
  // byte more is refused before anything is read.
  std::string image = png(2, 2);
  const std::string padding(domain::kMaxTenantLogoBytes - image.size() - 12, 'x');
  std::string padded = image.substr(0, image.size() - 12) +
                       big32(static_cast<std::uint32_t>(padding.size())) + "tEXt" + padding +
                       big32(0) + image.substr(image.size() - 12);
  BOOST_TEST_REQUIRE(padded.size() == domain::kMaxTenantLogoBytes);
  BOOST_TEST(check_logo(padded).has_value());
  auto over = check_logo(padded + "x");
  BOOST_TEST_REQUIRE(!over.has_value());
  BOOST_TEST((over.error().code == domain::ErrorCode::kBodyTooLarge));
  BOOST_TEST(over.error().message.find("256 KiB") != std::string::npos);

  BOOST_TEST(check_logo(png(4096, 1)).has_value());
  for (const std::string& huge : {png(4097, 1), png(1, 5000), webp_extended(5000, 20)}) {
    auto refused = check_logo(huge);
    BOOST_TEST_REQUIRE(!refused.has_value());
    BOOST_TEST((refused.error().code == domain::ErrorCode::kValidation));
    BOOST_TEST(refused.error().fields.at(0).message.find("4096") != std::string::npos);
  }
  // A header cut short gives no size: not a whole image.
  auto cut = check_logo(png(2, 2).substr(0, 20));
  BOOST_TEST_REQUIRE(!cut.has_value());
  BOOST_TEST((cut.error().code == domain::ErrorCode::kValidation));
  BOOST_TEST(!image_size("image/jpeg", std::string("\xff\xd8\xff\xda\x00\x02", 6)));
  BOOST_TEST(!image_size("image/gif", "GIF89a"));
}

BOOST_AUTO_TEST_CASE(the_public_path_carries_the_hashs_first_twelve_digits) {
  const std::string sha = "0123456789abcdef" + std::string(48, 'f');
  BOOST_TEST(tenant_logo_path("acme", sha) == "/v1/tenants/acme/logo?v=0123456789ab");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace ticketd::api
