#include "store/object_sink.hpp"

#include <fcntl.h>
#include <libdeflate.h>
#include <openssl/evp.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>

namespace st {
namespace {

// The pack type codes of git's pack format.
int pack_type(git_object_t type) {
  switch (type) {
    case GIT_OBJECT_COMMIT:
      return 1;
    case GIT_OBJECT_TREE:
      return 2;
    case GIT_OBJECT_BLOB:
      return 3;
    case GIT_OBJECT_TAG:
      return 4;
    default:
      return 0;
  }
}

void append_be32(std::string& out, std::uint32_t value) {
  for (int shift = 24; shift >= 0; shift -= 8) out += static_cast<char>((value >> shift) & 0xFF);
}

// SHA-1 through OpenSSL, which uses the CPU's SHA instructions where it has them: several
// times faster than libgit2's collision-detecting SHA-1, and hashing is a large part of an
// import. (The ids are the same; only the speed differs.)
class Sha1 {
 public:
  Sha1() : context_(EVP_MD_CTX_new()) { EVP_DigestInit_ex(context_, EVP_sha1(), nullptr); }
  ~Sha1() { EVP_MD_CTX_free(context_); }
  Sha1(const Sha1&) = delete;
  Sha1& operator=(const Sha1&) = delete;
  void update(std::string_view bytes) { EVP_DigestUpdate(context_, bytes.data(), bytes.size()); }
  std::array<unsigned char, 20> finish() {
    std::array<unsigned char, 20> digest{};
    unsigned int size = 0;
    EVP_DigestFinal_ex(context_, digest.data(), &size);
    return digest;
  }

 private:
  EVP_MD_CTX* context_;
};

// One libdeflate compressor per thread (they are not thread-safe), level 1: libdeflate writes
// zlib streams two to three times faster than zlib itself.
libdeflate_compressor* thread_compressor() {
  struct Owner {
    libdeflate_compressor* compressor = libdeflate_alloc_compressor(1);
    ~Owner() { libdeflate_free_compressor(compressor); }
  };
  static thread_local Owner owner;
  return owner.compressor;
}

const char* type_name(git_object_t type) {
  switch (type) {
    case GIT_OBJECT_COMMIT:
      return "commit";
    case GIT_OBJECT_TREE:
      return "tree";
    case GIT_OBJECT_TAG:
      return "tag";
    default:
      return "blob";
  }
}

std::string_view as_view(const std::array<unsigned char, 20>& digest) {
  return {reinterpret_cast<const char*>(digest.data()), digest.size()};
}

// Writes `parts` to a new temporary file in `dir`, fsyncs it, and renames it to `name`.
Result<void> write_durably(const std::filesystem::path& dir, const std::string& name,
                           const std::vector<std::string_view>& parts) {
  std::string temp = (dir / "tmp_storytrail_XXXXXX").string();
  const int fd = ::mkstemp(temp.data());
  if (fd < 0) return fail("cannot create a file in {}: {}", dir.string(), std::strerror(errno));
  const auto failed = [&](std::string_view what) {
    const int saved = errno;
    ::close(fd);
    ::unlink(temp.c_str());
    return fail("cannot {} {}: {}", what, temp, std::strerror(saved));
  };
  // Parts are gathered into 1 MiB writes: a pack has tens of thousands of small entries.
  std::string chunk;
  const auto flush = [&]() -> bool {
    std::string_view rest = chunk;
    while (!rest.empty()) {
      const ssize_t n = ::write(fd, rest.data(), rest.size());
      if (n < 0) {
        if (errno == EINTR) continue;
        return false;
      }
      rest.remove_prefix(static_cast<std::size_t>(n));
    }
    chunk.clear();
    return true;
  };
  constexpr std::size_t kChunk = 1 << 20;
  chunk.reserve(kChunk);
  for (const std::string_view part : parts) {
    chunk += part;
    if (chunk.size() >= kChunk && !flush()) return failed("write");
  }
  if (!flush()) return failed("write");
  if (::fchmod(fd, 0444) != 0 || ::fsync(fd) != 0) return failed("sync");
  ::close(fd);
  if (::rename(temp.c_str(), (dir / name).c_str()) != 0) {
    const int saved = errno;
    ::unlink(temp.c_str());
    return fail("cannot rename {}: {}", temp, std::strerror(saved));
  }
  return {};
}

Result<void> sync_directory(const std::filesystem::path& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY);
  if (fd < 0) return fail("cannot open {}: {}", dir.string(), std::strerror(errno));
  const int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) return fail("cannot sync {}: {}", dir.string(), std::strerror(errno));
  return {};
}

}  // namespace

PreparedObject prepare_object(git_object_t type, std::string_view content, bool for_pack) {
  PreparedObject object;
  object.type = type;
  Sha1 sha;
  sha.update(fmt::format("{} {}", type_name(type), content.size()));
  sha.update(std::string_view("\0", 1));
  sha.update(content);
  const auto digest = sha.finish();
  git_oid_fromraw(&object.id, digest.data());
  if (!for_pack) return object;
  // Entry header: type and size, 4 bits of size in the first byte, then 7 bits a byte.
  std::string& entry = object.pack_entry;
  std::size_t size = content.size();
  auto first = static_cast<unsigned char>((pack_type(type) << 4) | (size & 0x0F));
  size >>= 4;
  while (size != 0) {
    entry += static_cast<char>(first | 0x80);
    first = static_cast<unsigned char>(size & 0x7F);
    size >>= 7;
  }
  entry += static_cast<char>(first);
  libdeflate_compressor* compressor = thread_compressor();
  const std::size_t bound = libdeflate_zlib_compress_bound(compressor, content.size());
  const std::size_t at = entry.size();
  entry.resize(at + bound);
  const std::size_t written = libdeflate_zlib_compress(compressor, content.data(), content.size(),
                                                       entry.data() + at, bound);
  entry.resize(at + written);
  object.pack_crc = static_cast<std::uint32_t>(
      crc32(0, reinterpret_cast<const Bytef*>(entry.data()), static_cast<uInt>(entry.size())));
  return object;
}

Result<git_oid> ObjectSink::write(git_object_t type, std::string_view content) {
  PreparedObject object = prepare_object(type, content, wants_pack_entries());
  if (auto ok = put(object, content); !ok) return std::move(ok).error();
  return object.id;
}

Result<void> LooseObjectSink::put(PreparedObject& object, std::string_view content) {
  git_oid id;
  return git::check(git_odb_write(&id, odb_, content.data(), content.size(), object.type),
                    "cannot write an object to the store");
}

std::size_t PackObjectSink::OidHash::operator()(const git_oid& id) const {
  std::size_t h;
  std::memcpy(&h, id.id, sizeof h);
  return h;
}

Result<void> PackObjectSink::put(PreparedObject& object, std::string_view content) {
  // NO_REFRESH: a miss must not make libgit2 rescan the pack folder, once per new object.
  if (seen_.contains(object.id) ||
      git_odb_exists_ext(odb_, &object.id, GIT_ODB_LOOKUP_NO_REFRESH)) {
    return {};
  }
  seen_.insert(object.id);
  if (object.pack_entry.empty()) object = prepare_object(object.type, content, true);
  constexpr std::uint64_t kHeaderSize = 12;
  index_.push_back(IndexEntry{object.id, kHeaderSize + entries_size_, object.pack_crc});
  entries_size_ += object.pack_entry.size();
  entries_.push_back(std::move(object.pack_entry));
  return {};
}

Result<void> PackObjectSink::finish() {
  if (index_.empty()) return {};
  // The pack: header, entries, SHA-1 of both.
  std::string header = "PACK";
  append_be32(header, 2);
  append_be32(header, static_cast<std::uint32_t>(index_.size()));
  Sha1 pack_sha;
  pack_sha.update(header);
  for (const std::string& entry : entries_) pack_sha.update(entry);
  const auto pack_checksum = pack_sha.finish();

  // The index (version 2): fan-out table, sorted ids, CRCs, offsets, checksums.
  std::sort(index_.begin(), index_.end(),
            [](const IndexEntry& a, const IndexEntry& b) { return git_oid_cmp(&a.id, &b.id) < 0; });
  std::string idx = "\xfftOc";
  append_be32(idx, 2);
  std::array<std::uint32_t, 256> fanout{};
  for (const IndexEntry& e : index_) ++fanout[e.id.id[0]];
  std::uint32_t running = 0;
  for (std::uint32_t& count : fanout) {
    running += count;
    append_be32(idx, running);
  }
  for (const IndexEntry& e : index_)
    idx.append(reinterpret_cast<const char*>(e.id.id), GIT_OID_RAWSZ);
  for (const IndexEntry& e : index_) append_be32(idx, e.crc);
  std::vector<std::uint64_t> large;
  for (const IndexEntry& e : index_) {
    if (e.offset < 0x80000000u) {
      append_be32(idx, static_cast<std::uint32_t>(e.offset));
    } else {
      append_be32(idx, 0x80000000u | static_cast<std::uint32_t>(large.size()));
      large.push_back(e.offset);
    }
  }
  for (const std::uint64_t offset : large) {
    append_be32(idx, static_cast<std::uint32_t>(offset >> 32));
    append_be32(idx, static_cast<std::uint32_t>(offset & 0xFFFFFFFFu));
  }
  idx += as_view(pack_checksum);
  Sha1 idx_sha;
  idx_sha.update(idx);
  idx += as_view(idx_sha.finish());

  git_oid pack_id;
  git_oid_fromraw(&pack_id, pack_checksum.data());
  const std::string base = "pack-" + git::to_hex(pack_id);
  const std::filesystem::path pack_dir = objects_dir_ / "pack";
  std::error_code ec;
  std::filesystem::create_directories(pack_dir, ec);
  std::vector<std::string_view> parts{header};
  parts.insert(parts.end(), entries_.begin(), entries_.end());
  parts.push_back(as_view(pack_checksum));
  if (auto ok = write_durably(pack_dir, base + ".pack", parts); !ok) return ok;
  if (auto ok = write_durably(pack_dir, base + ".idx", {idx}); !ok) return ok;
  if (auto ok = sync_directory(pack_dir); !ok) return ok;
  entries_.clear();
  entries_size_ = 0;
  index_.clear();
  return git::check(git_odb_refresh(odb_), "cannot reload the store's objects");
}

}  // namespace st
