// Attachments: upload records in the key store, claims, quotas, and the
// collection of uploads nobody referenced -- which takes a blob with it only
// when that upload stored it.
#include "api/commands/attachments.h"

#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <filesystem>

#include "api/commands/ids.h"

namespace ticketd::api {
namespace {

using std::chrono::seconds;

const domain::Instant kT0{std::chrono::sys_days{std::chrono::year{2026} / 3 / 2}};

struct Fixture {
  Fixture()
      : dir(std::filesystem::temp_directory_path() /
            ("ticketd-attachments-" + std::to_string(::getpid()) + "-" + std::to_string(++n))) {
    std::filesystem::remove_all(dir);
    store = std::move(eventstore::EventStore::open(dir / "log").value());
    blobs = std::move(eventstore::BlobStore::open(dir / "blobs").value());
    AttachmentOptions options;
    options.tenant_quota_bytes = 100;
    options.unreferenced_ttl = seconds(10);
    files = std::move(Attachments::open(*store, *blobs, options).value());
  }
  ~Fixture() {
    files.reset();
    store.reset();
    std::filesystem::remove_all(dir);
  }
  // Stores `bytes` as a blob and records an upload of it by `who`.
  Upload upload(std::string_view bytes, std::string who = "ann", std::string tenant = "acme") {
    const eventstore::BlobInfo blob = blobs->put(bytes).value();
    Upload u;
    u.file = domain::Attachment{"", "f.txt", blob.size, "text/plain", blob.sha256};
    u.tenant = std::move(tenant);
    u.uploader = std::move(who);
    u.owns_blob = blob.created;
    return files->record(std::move(u), kT0).value();
  }
  static inline int n = 0;
  std::filesystem::path dir;
  std::unique_ptr<eventstore::EventStore> store;
  std::unique_ptr<eventstore::BlobStore> blobs;
  std::unique_ptr<Attachments> files;
};

BOOST_AUTO_TEST_SUITE(attachments_test)

BOOST_AUTO_TEST_CASE(a_record_round_trips_and_a_damaged_one_does_not_decode) {
  Upload u;
  u.file = domain::Attachment{"att_1", "r\xC3\xA9sum\xC3\xA9.pdf", 42, "application/pdf",
                              std::string(64, 'a')};
  u.tenant = "acme";
  u.uploader = "ann";
  u.expires_at = kT0;
  u.referenced = true;
  u.owns_blob = false;
  const std::optional<Upload> back = decode_upload(encode_upload(u));
  BOOST_TEST_REQUIRE(back.has_value());
  BOOST_TEST((back->file == u.file));
  BOOST_TEST((back->tenant == "acme" && back->uploader == "ann" && back->expires_at == kT0));
  BOOST_TEST((back->referenced && !back->owns_blob));
  std::string cut = encode_upload(u);
  cut.resize(cut.rfind('\n'));
  BOOST_TEST(!decode_upload(cut).has_value());
}

BOOST_AUTO_TEST_CASE(claims_are_the_uploaders_own_and_survive_a_reopen) {
  Fixture f;
  const Upload mine = f.upload("hello");
  auto refused = f.files->claim({mine.file.id, "att_nope"}, "bob", kT0);
  BOOST_TEST_REQUIRE(!refused.has_value());
  BOOST_TEST(refused.error().fields.size() == 2u);
  auto claimed = f.files->claim({mine.file.id}, "ann", kT0);
  BOOST_TEST_REQUIRE(claimed.has_value());
  BOOST_TEST(f.files->find(mine.file.id)->referenced);
  f.files->unclaim(*claimed);
  BOOST_TEST(!f.files->find(mine.file.id)->referenced);
  // Past its expiry an unreferenced upload cannot be claimed.
  BOOST_TEST(!f.files->claim({mine.file.id}, "ann", kT0 + seconds(11)).has_value());
}

BOOST_AUTO_TEST_CASE(the_quota_counts_every_upload_of_the_tenant) {
  Fixture f;
  (void)f.upload(std::string(60, 'a'));
  BOOST_TEST(f.files->usage("acme") == 60u);
  BOOST_TEST(f.files->check_quota("acme", 40).has_value());
  BOOST_TEST((f.files->check_quota("acme", 41).error().code == domain::ErrorCode::kQuotaExceeded));
  BOOST_TEST(f.files->check_quota("globex", 100).has_value());
}

BOOST_AUTO_TEST_CASE(collection_takes_only_blobs_an_expired_upload_stored) {
  Fixture f;
  // A referenced upload and an unreferenced one of the same bytes.
  const Upload kept = f.upload("shared bytes");
  const Upload twin = f.upload("shared bytes");
  BOOST_TEST_REQUIRE(f.files->claim({kept.file.id}, "ann", kT0).has_value());
  // Bytes stored before any upload (a restore or an import brings blobs
  // without records), then uploaded again and left.
  const eventstore::BlobInfo imported = f.blobs->put("imported bytes").value();
  const Upload again = f.upload("imported bytes");
  BOOST_TEST(!again.owns_blob);
  // An upload whose bytes nobody else has.
  const Upload alone = f.upload("alone");

  BOOST_TEST(f.files->collect(kT0 + seconds(5)).value() == 0u);  // not yet due
  BOOST_TEST(f.files->collect(kT0 + seconds(11)).value() == 3u);
  BOOST_TEST(!f.files->find(twin.file.id).has_value());
  BOOST_TEST(!f.files->find(again.file.id).has_value());
  BOOST_TEST(f.files->find(kept.file.id).has_value());
  BOOST_TEST(f.blobs->contains(kept.file.sha256));  // still referenced
  BOOST_TEST(f.blobs->contains(imported.sha256));   // not the upload's to take
  BOOST_TEST(!f.blobs->contains(alone.file.sha256));
  BOOST_TEST(f.files->usage("acme") == kept.file.size);
}

BOOST_AUTO_TEST_CASE(a_file_held_whole_goes_through_every_limit) {
  Fixture f;  // quota 100 bytes
  Upload draft;
  draft.file.name = "../notes\x01.txt";
  draft.tenant = "acme";
  draft.uploader = "mail";
  auto stored = f.files->store("line one\nline two\n", draft, {}, kT0);
  BOOST_TEST_REQUIRE(stored.has_value());
  BOOST_TEST(stored->file.type == "text/plain");  // detected
  BOOST_TEST(stored->file.name == "notes_.txt");
  BOOST_TEST(f.blobs->contains(stored->file.sha256));
  // Refused by type: nothing recorded, no blob stored.
  auto refused = f.files->store("other text\n", draft, {"image/*"}, kT0);
  BOOST_TEST_REQUIRE(!refused.has_value());
  BOOST_TEST((refused.error().code == domain::ErrorCode::kTypeNotAllowed));
  BOOST_TEST(f.files->usage("acme") == stored->file.size);
  BOOST_TEST(!f.blobs->contains(sha256_hex("other text\n")));
  auto over = f.files->store(std::string(200, 'x'), draft, {}, kT0);
  BOOST_TEST_REQUIRE(!over.has_value());
  BOOST_TEST((over.error().code == domain::ErrorCode::kQuotaExceeded));
}

BOOST_AUTO_TEST_CASE(sizes_in_words) {
  BOOST_TEST(file_size_words(1) == "1 byte");
  BOOST_TEST(file_size_words(350) == "350 bytes");
  BOOST_TEST(file_size_words(2048) == "2 KiB");
  BOOST_TEST(file_size_words(100010) == "98 KiB");
  BOOST_TEST(file_size_words(1048064) == "1 MiB");  // 1023.5 KiB: not "1024 KiB"
  BOOST_TEST(file_size_words(2621440) == "2.5 MiB");
  BOOST_TEST(human_bytes(26214400) == "25 MiB");  // limits stay exact
}

BOOST_AUTO_TEST_CASE(a_derived_id_is_recorded_once) {
  Fixture f;
  Upload draft;
  draft.file.id = "att_0123456789abcdef01234567";
  draft.file.name = "a.txt";
  draft.tenant = "acme";
  draft.uploader = "mail";
  auto first = f.files->store("forty bytes of text, more or less....\n", draft, {}, kT0);
  BOOST_TEST_REQUIRE(first.has_value());
  BOOST_TEST(first->file.id == draft.file.id);
  const std::uint64_t used = f.files->usage("acme");
  // A retry of the same mail: the same record, counted once; even where
  // the quota would refuse a second copy.
  auto again =
      f.files->store("forty bytes of text, more or less....\n", draft, {}, kT0 + seconds(1));
  BOOST_TEST_REQUIRE(again.has_value());
  BOOST_TEST((again->file == first->file));
  BOOST_TEST((again->expires_at == first->expires_at));
  BOOST_TEST(f.files->usage("acme") == used);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace ticketd::api
