#include "projections/byte_codec.h"

namespace ticketd::projections {

void ByteWriter::varint(std::uint64_t v) {
  while (v >= 0x80) {
    out_->push_back(static_cast<char>((v & 0x7F) | 0x80));
    v >>= 7;
  }
  out_->push_back(static_cast<char>(v));
}

void ByteWriter::u64be(std::uint64_t v) {
  for (int shift = 56; shift >= 0; shift -= 8) {
    out_->push_back(static_cast<char>((v >> shift) & 0xFF));
  }
}

void ByteWriter::u32be(std::uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) {
    out_->push_back(static_cast<char>((v >> shift) & 0xFF));
  }
}

std::uint8_t ByteReader::u8() {
  if (!ok_ || pos_ >= in_.size()) return fail(), 0;
  return static_cast<std::uint8_t>(in_[pos_++]);
}

std::uint64_t ByteReader::varint() {
  std::uint64_t v = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    if (!ok_ || pos_ >= in_.size()) return fail(), 0;
    const auto byte = static_cast<std::uint8_t>(in_[pos_++]);
    v |= static_cast<std::uint64_t>(byte & 0x7F) << shift;
    if ((byte & 0x80) == 0) return v;
  }
  return fail(), 0;
}

std::string_view ByteReader::str() {
  const std::uint64_t n = varint();
  if (!ok_ || n > in_.size() - pos_) return fail(), std::string_view();
  const std::string_view s = in_.substr(pos_, n);
  pos_ += n;
  return s;
}

std::uint64_t ByteReader::u64be() {
  if (!ok_ || in_.size() - pos_ < 8) return fail(), 0;
  std::uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = (v << 8) | static_cast<std::uint8_t>(in_[pos_++]);
  return v;
}

std::uint32_t ByteReader::u32be() {
  if (!ok_ || in_.size() - pos_ < 4) return fail(), 0;
  std::uint32_t v = 0;
  for (int i = 0; i < 4; ++i) v = (v << 8) | static_cast<std::uint8_t>(in_[pos_++]);
  return v;
}

}  // namespace ticketd::projections
