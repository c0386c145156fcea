// latentd's token file: parsing, hashing and adding tokens.
#include "server/auth/token_table.h"

#include <openssl/rand.h>
#include <openssl/sha.h>
#include <sys/stat.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "core/io/durable_file.h"
#include "core/status_macros.h"
#include "server/store/name_validation.h"

namespace latentspace::server {
namespace {

constexpr absl::string_view kHashPrefix = "sha256:";
constexpr int kTokenBytes = 32;
constexpr absl::string_view kTokenPrefix = "lsk_";
constexpr absl::string_view kFileHeader =
    "# latentd bearer tokens: NAME ROLE SHA-256-OF-TOKEN, one per line (see latentd "
    "--add-token).\n# Reload with SIGHUP after editing.\n";

bool IsHash(absl::string_view hash) {
  if (!absl::ConsumePrefix(&hash, kHashPrefix) || hash.size() != size_t{2} * SHA256_DIGEST_LENGTH) {
    return false;
  }
  for (char c : hash) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

absl::StatusOr<std::string> ReadText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read the token file ", path));
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

}  // namespace

absl::StatusOr<TokenTable> TokenTable::Parse(absl::string_view text, absl::string_view path) {
  TokenTable table;
  std::map<std::string, int> name_lines;
  std::map<std::string, int> hash_lines;
  int number = 0;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    ++number;
    const auto error = [&](absl::string_view problem) {
      return absl::InvalidArgumentError(absl::StrCat(path, ":", number, ": ", problem));
    };
    line = absl::StripAsciiWhitespace(line);
    if (line.empty() || line.front() == '#') continue;
    const std::vector<absl::string_view> fields =
        absl::StrSplit(line, absl::ByAnyChar(" \t"), absl::SkipEmpty());
    if (fields.size() != 3) {
      return error(absl::StrCat("expected 3 fields, NAME ROLE sha256:HEX; found ", fields.size()));
    }
    if (absl::Status status = store::ValidateName("token name", fields[0]); !status.ok()) {
      return error(status.message());
    }
    absl::StatusOr<Role> role = ParseRole(fields[1]);
    if (!role.ok()) return error(role.status().message());
    if (!IsHash(fields[2])) {
      return error(absl::StrCat("hash ", store::QuoteForMessage(fields[2]),
                                " is not \"sha256:\" and 64 lowercase hex digits (the file holds "
                                "the SHA-256 of a token, never the token)"));
    }
    const std::string name(fields[0]);
    const std::string hash(fields[2]);
    if (auto [it, added] = name_lines.emplace(name, number); !added) {
      return error(absl::StrCat("token name '", name, "' repeats line ", it->second));
    }
    if (auto [it, added] = hash_lines.emplace(hash, number); !added) {
      return error(absl::StrCat("the hash of line ", it->second, " repeats"));
    }
    table.by_hash_[hash] = Principal{name, *role, false};
  }
  return table;
}

absl::StatusOr<TokenTable> TokenTable::Load(const std::string& path) {
  LATENT_ASSIGN_OR_RETURN(std::string text, ReadText(path));
  return Parse(text, path);
}

const Principal* TokenTable::Find(absl::string_view token) const {
  const auto it = by_hash_.find(HashToken(token));
  return it == by_hash_.end() ? nullptr : &it->second;
}

bool TokenTable::HasName(absl::string_view name) const {
  for (const auto& [hash, principal] : by_hash_) {
    if (principal.name == name) return true;
  }
  return false;
}

std::string HashToken(absl::string_view token) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(token.data()), token.size(), digest);
  return absl::StrCat(kHashPrefix, absl::BytesToHexString(absl::string_view(
                                       reinterpret_cast<const char*>(digest), sizeof(digest))));
}

absl::StatusOr<std::string> AddToken(const std::string& path, absl::string_view name, Role role) {
  LATENT_RETURN_IF_ERROR(store::ValidateName("token name", name));
  std::string text(kFileHeader);
  if (std::filesystem::exists(path)) {
    LATENT_ASSIGN_OR_RETURN(std::string existing, ReadText(path));
    LATENT_ASSIGN_OR_RETURN(TokenTable table, TokenTable::Parse(existing, path));
    if (table.HasName(name)) {
      return absl::InvalidArgumentError(
          absl::StrCat(path, " already has a token named '", name, "'"));
    }
    text = std::move(existing);
    if (!text.empty() && text.back() != '\n') text += '\n';
  }
  unsigned char random[kTokenBytes];
  if (RAND_bytes(random, sizeof(random)) != 1) {
    return absl::InternalError("the system's random generator failed");
  }
  const std::string token = absl::StrCat(
      kTokenPrefix,
      absl::WebSafeBase64Escape(absl::string_view(reinterpret_cast<char*>(random), kTokenBytes)));
  absl::StrAppend(&text, name, " ", RoleName(role), " ", HashToken(token), "\n");
  // Hashes only, but nobody else needs to read them: the file is created owner-only.
  const mode_t previous = umask(077);
  absl::Status written = WriteFileDurably(path, text);
  umask(previous);
  if (!written.ok()) return written;
  return token;
}

}  // namespace latentspace::server
