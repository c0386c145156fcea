// Thin RAII helpers over the SQLite C API for SqliteMetadataStore: prepared statements, a
// transaction guard and the mapping of SQLite result codes to absl::Status. Not thread-safe; the
// caller serialises access to the connection.
#ifndef LATENTSPACE_SERVER_STORE_SQLITE_STATEMENT_H_
#define LATENTSPACE_SERVER_STORE_SQLITE_STATEMENT_H_

#include <sqlite3.h>

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace latentspace::store {

// The status for SQLite result code `rc` on `db` while doing `context`: UNAVAILABLE for busy,
// locked, I/O, full disk, cannot-open and read-only; DATA_LOSS for a corrupt file or one that is
// not a database; INTERNAL otherwise. The message names the database file, the context and SQLite's
// message.
absl::Status SqliteError(sqlite3* db, int rc, absl::string_view context);

// Runs SQL without results (one or more statements).
absl::Status SqliteExec(sqlite3* db, absl::string_view sql);

// A prepared statement. Bind* use 1-based parameter indices, Column* 0-based column indices.
class SqliteStatement {
 public:
  static absl::StatusOr<SqliteStatement> Prepare(sqlite3* db, absl::string_view sql);
  SqliteStatement(SqliteStatement&& other) noexcept;
  SqliteStatement& operator=(SqliteStatement&&) = delete;
  SqliteStatement(const SqliteStatement&) = delete;
  ~SqliteStatement();

  // A failed bind is reported by the next Step().
  SqliteStatement& Bind(int index, int64_t value);
  SqliteStatement& Bind(int index, double value);
  SqliteStatement& Bind(int index, absl::string_view value);
  SqliteStatement& BindNull(int index);

  // true: a row is ready; false: done.
  absl::StatusOr<bool> Step();
  // Steps to the end, ignoring rows.
  absl::Status Run();
  // Ready to run again with new bindings.
  void Reset();

  int64_t ColumnInt(int column) const;
  double ColumnDouble(int column) const;
  std::string ColumnText(int column) const;

 private:
  SqliteStatement(sqlite3* db, sqlite3_stmt* statement) : db_(db), statement_(statement) {}
  void NoteBind(int rc);

  sqlite3* db_;
  sqlite3_stmt* statement_;
  int bind_error_ = SQLITE_OK;
};

// BEGIN IMMEDIATE on construction (check status()); ROLLBACK on destruction unless committed.
class SqliteTransaction {
 public:
  explicit SqliteTransaction(sqlite3* db);
  SqliteTransaction(const SqliteTransaction&) = delete;
  SqliteTransaction& operator=(const SqliteTransaction&) = delete;
  ~SqliteTransaction();

  const absl::Status& status() const { return status_; }
  absl::Status Commit();

 private:
  sqlite3* db_;
  absl::Status status_;
  bool open_ = false;
};

}  // namespace latentspace::store

#endif  // LATENTSPACE_SERVER_STORE_SQLITE_STATEMENT_H_
