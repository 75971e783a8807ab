#pragma once
// Key and value layouts of the five column families (DESIGN.md, "The event
// store"). Internal to the store, but stable: they are part of the on-disk
// format (meta "format" = kFormatVersion).
//
//   log      u64be position                          -> record (record_codec.h)
//   streams  'e' stream 0x00 u64be version           -> u64be position
//            'h' stream                              -> u64be head version
//   dedup    event_id                                -> u64be position [u64be counter value]
//   meta     "format"                                -> u32be format version
//            "chain"                                 -> u64be head position, 32-byte head hash
//            "counter/" name                         -> u64be current value
//   secrets  any key chosen by the store's user      -> any value (EventStore::put_secret):
//            what must be kept with the log but never be in it (password
//            hashes, sessions); outside the chain, backed up with the log
//
// Stream names must not contain 0x00 so that 'e' stream 0x00 is a unique
// prefix of one stream's entries, ordered by version.

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace ticketd::eventstore::keys {

inline constexpr uint32_t kFormatVersion = 1;
inline constexpr std::string_view kFormatKey = "format";
inline constexpr std::string_view kChainKey = "chain";
inline constexpr std::string_view kCounterPrefix = "counter/";
inline constexpr char kStreamEntryTag = 'e';
inline constexpr char kStreamHeadTag = 'h';

inline void put_u64be(std::string& out, uint64_t v) {
  char b[8];
  for (int i = 7; i >= 0; --i) {
    b[i] = static_cast<char>(v & 0xff);
    v >>= 8;
  }
  out.append(b, 8);
}

inline void put_u32be(std::string& out, uint32_t v) {
  char b[4];
  for (int i = 3; i >= 0; --i) {
    b[i] = static_cast<char>(v & 0xff);
    v >>= 8;
  }
  out.append(b, 4);
}

// Reads 8 big-endian bytes at p (the caller checked the length).
inline uint64_t get_u64be(const char* p) {
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = (v << 8) | static_cast<unsigned char>(p[i]);
  return v;
}

inline uint32_t get_u32be(const char* p) {
  uint32_t v = 0;
  for (int i = 0; i < 4; ++i) v = (v << 8) | static_cast<unsigned char>(p[i]);
  return v;
}

inline std::string u64be(uint64_t v) {
  std::string s;
  put_u64be(s, v);
  return s;
}

// `log` key of a position.
inline std::string log_key(uint64_t position) { return u64be(position); }

// Appends the `streams` entry key of (stream, version) to out.
inline void append_stream_entry_key(std::string& out, std::string_view stream, uint64_t version) {
  out.push_back(kStreamEntryTag);
  out.append(stream);
  out.push_back('\0');
  put_u64be(out, version);
}

inline std::string stream_entry_key(std::string_view stream, uint64_t version) {
  std::string s;
  append_stream_entry_key(s, stream, version);
  return s;
}

// The common prefix of every entry key of `stream`.
inline std::string stream_entry_prefix(std::string_view stream) {
  std::string s;
  s.push_back(kStreamEntryTag);
  s.append(stream);
  s.push_back('\0');
  return s;
}

inline std::string stream_head_key(std::string_view stream) {
  std::string s;
  s.push_back(kStreamHeadTag);
  s.append(stream);
  return s;
}

inline std::string counter_key(std::string_view name) {
  std::string s(kCounterPrefix);
  s.append(name);
  return s;
}

}  // namespace ticketd::eventstore::keys
