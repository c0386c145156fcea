// latentd's bearer tokens: a text file of named tokens with their roles, in which only the SHA-256
// of each token is written, never the token itself. One token per line, blank lines and lines
// starting with '#' ignored:
//
//   # NAME  ROLE     SHA-256 OF THE TOKEN
//   alice   trainer  sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824
//
// Names follow the sample-name rules; roles are reader, trainer, admin (role.h). A token is what
// a client sends as "authorization: Bearer TOKEN". `latentd --add-token` writes new lines.
#ifndef LATENTSPACE_SERVER_AUTH_TOKEN_TABLE_H_
#define LATENTSPACE_SERVER_AUTH_TOKEN_TABLE_H_

#include <map>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "server/auth/role.h"

namespace latentspace::server {

// Who makes a call: a token's name and role, or the anonymous caller.
struct Principal {
  std::string name;
  Role role = Role::kReader;
  bool anonymous = false;
};

class TokenTable {
 public:
  // Parses a token file's text. INVALID_ARGUMENT naming `path`, the line and the problem: a wrong
  // number of fields, a bad name or role, a hash that is not "sha256:" and 64 hex digits, a name or
  // hash that an earlier line already has.
  static absl::StatusOr<TokenTable> Parse(absl::string_view text, absl::string_view path);
  // Reads and parses the file; NOT_FOUND when it cannot be read.
  static absl::StatusOr<TokenTable> Load(const std::string& path);

  // The holder of `token`, or nullptr for a token the table does not have.
  const Principal* Find(absl::string_view token) const;
  bool HasName(absl::string_view name) const;
  int size() const { return static_cast<int>(by_hash_.size()); }

 private:
  std::map<std::string, Principal> by_hash_;  // HashToken(token) -> holder
};

// "sha256:" and the 64 lowercase hex digits of the token's SHA-256.
std::string HashToken(absl::string_view token);

// Makes a new random token (256 bits from the system's generator) for `name` with `role`, adds
// its line to the token file at `path` (created, mode 0600, when missing; replaced atomically) and
// returns the token, which is shown once and stored nowhere. INVALID_ARGUMENT for a bad name or a
// name the file already has, or a malformed file (which is left as it was).
absl::StatusOr<std::string> AddToken(const std::string& path, absl::string_view name, Role role);

}  // namespace latentspace::server

#endif  // LATENTSPACE_SERVER_AUTH_TOKEN_TABLE_H_
