#include "store/object_sink.hpp"

#include <mbedtls/sha1.h>
#include <zlib.h>

#include <array>
#include <cstring>

namespace st {
namespace {

// The pack type codes of git's pack format.
int pack_type(git_object_t type) {
  switch (type) {
    case GIT_OBJECT_COMMIT: return 1;
    case GIT_OBJECT_TREE: return 2;
    case GIT_OBJECT_BLOB: return 3;
    case GIT_OBJECT_TAG: return 4;
    default: return 0;
  }
}

void append_be32(std::string& out, std::uint32_t value) {
  for (int shift = 24; shift >= 0; shift -= 8) out += static_cast<char>((value >> shift) & 0xFF);
}

}  // namespace

Result<git_oid> LooseObjectSink::write(git_object_t type, std::string_view content) {
  git_oid id;
  if (auto ok = git::check(git_odb_write(&id, odb_, content.data(), content.size(), type),
                           "cannot write an object to the store");
      !ok) {
    return std::move(ok).error();
  }
  return id;
}

std::size_t PackObjectSink::OidHash::operator()(const git_oid& id) const {
  std::size_t h;
  std::memcpy(&h, id.id, sizeof h);
  return h;
}

Result<git_oid> PackObjectSink::write(git_object_t type, std::string_view content) {
  git_oid id;
  if (auto ok = git::check(git_odb_hash(&id, content.data(), content.size(), type),
                           "cannot hash an object");
      !ok) {
    return std::move(ok).error();
  }
  if (seen_.contains(id) || git_odb_exists(odb_, &id)) return id;
  seen_.insert(id);
  // Entry header: type and size, 4 bits of size in the first byte, then 7 bits a byte.
  std::size_t size = content.size();
  unsigned char first = static_cast<unsigned char>((pack_type(type) << 4) | (size & 0x0F));
  size >>= 4;
  while (size != 0) {
    entries_ += static_cast<char>(first | 0x80);
    first = static_cast<unsigned char>(size & 0x7F);
    size >>= 7;
  }
  entries_ += static_cast<char>(first);
  // The object itself, zlib-compressed. Level 1: the pack is written once and later `git gc`
  // may recompress it; speed matters more here.
  uLongf bound = compressBound(static_cast<uLong>(content.size()));
  const std::size_t at = entries_.size();
  entries_.resize(at + bound);
  if (compress2(reinterpret_cast<Bytef*>(entries_.data() + at), &bound,
                reinterpret_cast<const Bytef*>(content.data()), static_cast<uLong>(content.size()),
                1) != Z_OK) {
    return fail("cannot compress an object");
  }
  entries_.resize(at + bound);
  ++count_;
  return id;
}

Result<void> PackObjectSink::finish() {
  if (count_ == 0) return {};
  std::string header = "PACK";
  append_be32(header, 2);
  append_be32(header, static_cast<std::uint32_t>(count_));
  std::array<unsigned char, 20> checksum{};
  mbedtls_sha1_context sha;
  mbedtls_sha1_init(&sha);
  mbedtls_sha1_starts_ret(&sha);
  mbedtls_sha1_update_ret(&sha, reinterpret_cast<const unsigned char*>(header.data()), header.size());
  mbedtls_sha1_update_ret(&sha, reinterpret_cast<const unsigned char*>(entries_.data()),
                      entries_.size());
  mbedtls_sha1_finish_ret(&sha, checksum.data());
  mbedtls_sha1_free(&sha);

  git_odb_writepack* raw = nullptr;
  if (auto ok = git::check(git_odb_write_pack(&raw, odb_, nullptr, nullptr),
                           "cannot start writing a pack");
      !ok) {
    return ok;
  }
  struct Closer {
    git_odb_writepack* w;
    ~Closer() { w->free(w); }
  } closer{raw};
  git_indexer_progress stats{};
  const auto append = [&](const void* data, std::size_t size) {
    return git::check(raw->append(raw, data, size, &stats), "cannot write the pack");
  };
  if (auto ok = append(header.data(), header.size()); !ok) return ok;
  // Stream in slices so the indexer's own buffering stays small.
  constexpr std::size_t kSlice = 1 << 20;
  for (std::size_t at = 0; at < entries_.size(); at += kSlice) {
    if (auto ok = append(entries_.data() + at, std::min(kSlice, entries_.size() - at)); !ok) {
      return ok;
    }
  }
  if (auto ok = append(checksum.data(), checksum.size()); !ok) return ok;
  if (auto ok = git::check(raw->commit(raw, &stats), "cannot finish the pack"); !ok) return ok;
  entries_.clear();
  entries_.shrink_to_fit();
  return {};
}

}  // namespace st
