// The raw cost of a password sign-in's hash: libsodium's argon2id with
// ticketd's parameters (19 MiB, 2 passes: OWASP's minimum), on N threads at
// once for S seconds -- the baseline of benchmarks/http/sign_in_bench.py.
//
//   argon2_bench [--threads N] [--seconds S]
//   prints: argon2id threads=N hashes/s=R ms/hash=M

#include <sodium.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <thread>
#include <vector>

int main(int argc, char** argv) {
  unsigned threads = 2;
  double seconds = 5;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--threads") == 0) threads = std::max(1, std::atoi(argv[i + 1]));
    if (std::strcmp(argv[i], "--seconds") == 0) seconds = std::atof(argv[i + 1]);
  }
  if (sodium_init() < 0) return 1;
  char reference[crypto_pwhash_STRBYTES];
  const char* password = "correct horse battery staple";
  if (crypto_pwhash_str_alg(reference, password, std::strlen(password), 2, std::size_t{19} << 20,
                            crypto_pwhash_ALG_ARGON2ID13) != 0)
    return 1;
  std::atomic<bool> stop{false};
  std::atomic<long> done{0};
  std::vector<std::thread> pool;
  const auto start = std::chrono::steady_clock::now();
  for (unsigned t = 0; t < threads; ++t) {
    pool.emplace_back([&] {
      while (!stop.load()) {
        // What a sign-in does: verify against the stored string.
        if (crypto_pwhash_str_verify(reference, password, std::strlen(password)) != 0) std::abort();
        ++done;
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
  stop = true;
  for (auto& t : pool) t.join();
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const double rate = done.load() / elapsed;
  std::printf("argon2id threads=%u hashes/s=%.1f ms/hash=%.1f\n", threads, rate,
              1000.0 * threads / rate);
  return 0;
}
