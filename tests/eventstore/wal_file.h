#pragma once
// Test support: finds the physical records of a RocksDB write-ahead log file
// (RocksDB's doc/log_format: 32 KiB blocks of records, each a header --
// masked CRC32C (4 bytes), payload length (2, little-endian), type (1; the
// recyclable types 5..8 add a 4-byte log number) -- and its payload; a block
// tail shorter than a header is zero padding), so a test can damage a byte
// that the recovery reads and checks, not padding it skips.

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace ticketd::eventstore::testing {

struct WalRecord {
  std::uint64_t offset = 0;  // of the header in the file
  std::uint32_t header = 0;  // header bytes (7, or 11 for recyclable types)
  std::uint32_t length = 0;  // payload bytes
};

inline std::string read_whole_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// The newest (highest-numbered) *.log file in a RocksDB directory.
inline std::filesystem::path newest_wal(const std::filesystem::path& dir) {
  std::filesystem::path newest;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() == ".log" && entry.path().filename() > newest.filename()) {
      newest = entry.path();
    }
  }
  BOOST_REQUIRE_MESSAGE(!newest.empty(), "no write-ahead log in " << dir);
  return newest;
}

// The physical records of `file`, in order, up to the first zeroed header
// (preallocated space) or the end.
inline std::vector<WalRecord> wal_records(const std::filesystem::path& file) {
  constexpr std::uint64_t kBlock = 32768;
  const std::string data = read_whole_file(file);
  std::vector<WalRecord> out;
  std::uint64_t off = 0;
  while (off + 7 <= data.size()) {
    const std::uint64_t left_in_block = kBlock - off % kBlock;
    if (left_in_block < 7) {
      off += left_in_block;
      continue;
    }
    const auto byte = [&](std::uint64_t i) { return static_cast<unsigned char>(data[off + i]); };
    const std::uint32_t length = byte(4) | (byte(5) << 8);
    const unsigned type = byte(6);
    if (type == 0 && length == 0) break;
    const std::uint32_t header = type >= 5 && type <= 8 ? 11 : 7;
    if (off + header + length > data.size()) break;
    out.push_back(WalRecord{off, header, length});
    off += header + length;
  }
  return out;
}

// Flips one bit in the middle of the payload of the physical record at
// `fraction` (0..1) of `file`'s records; returns the byte's offset.
inline std::uint64_t flip_wal_byte(const std::filesystem::path& file, double fraction) {
  std::vector<WalRecord> records = wal_records(file);
  BOOST_REQUIRE_MESSAGE(records.size() >= 3, "too few records in " << file);
  const auto index =
      std::min(records.size() - 1, static_cast<std::size_t>(fraction * records.size()));
  const WalRecord& r = records[index];
  const std::uint64_t at = r.offset + r.header + r.length / 2;
  std::fstream f(file, std::ios::binary | std::ios::in | std::ios::out);
  f.seekg(static_cast<std::streamoff>(at));
  char c = 0;
  f.get(c);
  f.seekp(static_cast<std::streamoff>(at));
  f.put(static_cast<char>(c ^ 0x01));
  BOOST_REQUIRE(f.good());
  return at;
}

}  // namespace ticketd::eventstore::testing
