// SQLite statements, transactions and error mapping.
#include "server/store/sqlite_statement.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "core/status_macros.h"

namespace latentspace::store {

absl::Status SqliteError(sqlite3* db, int rc, absl::string_view context) {
  const char* file = db != nullptr ? sqlite3_db_filename(db, "main") : nullptr;
  const char* detail = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  const std::string message =
      absl::StrCat(file != nullptr && *file != '\0' ? file : "sqlite", ": ", context, ": ",
                   detail != nullptr ? detail : sqlite3_errstr(rc), " (SQLite code ", rc, ")");
  switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_CANTOPEN:
    case SQLITE_READONLY:
    case SQLITE_PROTOCOL:
      return absl::UnavailableError(message);
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return absl::DataLossError(message);
    default:
      return absl::InternalError(message);
  }
}

absl::Status SqliteExec(sqlite3* db, absl::string_view sql) {
  const std::string text(sql);
  const int rc = sqlite3_exec(db, text.c_str(), nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) return SqliteError(db, rc, text.substr(0, 80));
  return absl::OkStatus();
}

absl::StatusOr<SqliteStatement> SqliteStatement::Prepare(sqlite3* db, absl::string_view sql) {
  sqlite3_stmt* statement = nullptr;
  const int rc =
      sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &statement, nullptr);
  if (rc != SQLITE_OK) {
    sqlite3_finalize(statement);
    return SqliteError(db, rc, absl::StrCat("prepare ", sql.substr(0, 80)));
  }
  return SqliteStatement(db, statement);
}

SqliteStatement::SqliteStatement(SqliteStatement&& other) noexcept
    : db_(other.db_),
      statement_(std::exchange(other.statement_, nullptr)),
      bind_error_(other.bind_error_) {}

SqliteStatement::~SqliteStatement() { sqlite3_finalize(statement_); }

void SqliteStatement::NoteBind(int rc) {
  if (rc != SQLITE_OK && bind_error_ == SQLITE_OK) bind_error_ = rc;
}

SqliteStatement& SqliteStatement::Bind(int index, int64_t value) {
  NoteBind(sqlite3_bind_int64(statement_, index, value));
  return *this;
}

SqliteStatement& SqliteStatement::Bind(int index, double value) {
  NoteBind(sqlite3_bind_double(statement_, index, value));
  return *this;
}

SqliteStatement& SqliteStatement::Bind(int index, absl::string_view value) {
  // An empty view may have a null data pointer, which SQLite would store as NULL.
  NoteBind(sqlite3_bind_text64(statement_, index, value.empty() ? "" : value.data(), value.size(),
                               SQLITE_TRANSIENT, SQLITE_UTF8));
  return *this;
}

SqliteStatement& SqliteStatement::BindNull(int index) {
  NoteBind(sqlite3_bind_null(statement_, index));
  return *this;
}

absl::StatusOr<bool> SqliteStatement::Step() {
  const char* sql = sqlite3_sql(statement_);
  const std::string context = std::string(sql != nullptr ? sql : "").substr(0, 80);
  if (bind_error_ != SQLITE_OK)
    return SqliteError(db_, bind_error_, absl::StrCat("bind ", context));
  const int rc = sqlite3_step(statement_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return SqliteError(db_, rc, context);
}

absl::Status SqliteStatement::Run() {
  while (true) {
    LATENT_ASSIGN_OR_RETURN(bool row, Step());
    if (!row) return absl::OkStatus();
  }
}

void SqliteStatement::Reset() {
  sqlite3_reset(statement_);
  sqlite3_clear_bindings(statement_);
  bind_error_ = SQLITE_OK;
}

int64_t SqliteStatement::ColumnInt(int column) const {
  return sqlite3_column_int64(statement_, column);
}

double SqliteStatement::ColumnDouble(int column) const {
  return sqlite3_column_double(statement_, column);
}

std::string SqliteStatement::ColumnText(int column) const {
  const unsigned char* text = sqlite3_column_text(statement_, column);
  const int size = sqlite3_column_bytes(statement_, column);
  if (text == nullptr) return "";
  return std::string(reinterpret_cast<const char*>(text), static_cast<size_t>(size));
}

SqliteTransaction::SqliteTransaction(sqlite3* db) : db_(db) {
  status_ = SqliteExec(db_, "BEGIN IMMEDIATE");
  open_ = status_.ok();
}

SqliteTransaction::~SqliteTransaction() {
  if (open_) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
}

absl::Status SqliteTransaction::Commit() {
  if (!open_) return absl::FailedPreconditionError("transaction is not open");
  absl::Status committed = SqliteExec(db_, "COMMIT");
  // A failed COMMIT may leave the transaction open (e.g. SQLITE_BUSY); the destructor rolls it
  // back.
  if (committed.ok()) open_ = false;
  return committed;
}

}  // namespace latentspace::store
