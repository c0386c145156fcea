// A latentd data directory as it lies on disk, read without latentd (server/store/store.h gives the
// layout): the blob keys the database's rows name, the blob and staging files present, the ids of
// the jobs in each state, and SQLite's own integrity and foreign-key checks. The database is opened
// read-only, so a directory left by a crash is looked at as it is, its WAL included.
#ifndef LATENTSPACE_TESTS_TESTING_STORE_FILES_H_
#define LATENTSPACE_TESTS_TESTING_STORE_FILES_H_

#include <sqlite3.h>

#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"

namespace latentspace::testing {

struct StoreFiles {
  std::set<std::string> referenced;  // blob keys ("samples/<id>", "encoders/<id>") rows name
  std::set<std::string> blobs;       // keys of the files under blobs/
  std::vector<std::string> staging;  // file names under staging/
  std::map<std::string, std::vector<std::string>> jobs;  // state -> ids, in submission order
  std::string integrity;                                 // PRAGMA integrity_check: "ok" when sound
  int64_t foreign_key_faults = 0;                        // rows PRAGMA foreign_key_check reports

  std::set<std::string> Orphans() const { return Difference(blobs, referenced); }
  std::set<std::string> Missing() const { return Difference(referenced, blobs); }

 private:
  static std::set<std::string> Difference(const std::set<std::string>& a,
                                          const std::set<std::string>& b) {
    std::set<std::string> out;
    for (const std::string& key : a) {
      if (b.count(key) == 0) out.insert(key);
    }
    return out;
  }
};

// The names of the entries directly under `dir` (none when it is missing).
inline std::vector<std::string> FileNamesIn(const std::filesystem::path& dir) {
  std::vector<std::string> names;
  std::error_code error;
  for (std::filesystem::directory_iterator it(dir, error), end; !error && it != end;
       it.increment(error)) {
    names.push_back(it->path().filename().string());
  }
  return names;
}

namespace store_files_internal {

// Every row of `sql`, its columns as text.
inline absl::Status Query(sqlite3* db, const std::string& sql,
                          std::vector<std::vector<std::string>>* rows) {
  sqlite3_stmt* statement = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &statement, nullptr) != SQLITE_OK) {
    return absl::InternalError(absl::StrCat(sql, ": ", sqlite3_errmsg(db)));
  }
  int step;
  while ((step = sqlite3_step(statement)) == SQLITE_ROW) {
    std::vector<std::string>& row = rows->emplace_back();
    for (int i = 0; i < sqlite3_column_count(statement); ++i) {
      const unsigned char* text = sqlite3_column_text(statement, i);
      row.emplace_back(text == nullptr ? "" : reinterpret_cast<const char*>(text));
    }
  }
  sqlite3_finalize(statement);
  if (step != SQLITE_DONE) return absl::InternalError(absl::StrCat(sql, ": ", sqlite3_errmsg(db)));
  return absl::OkStatus();
}

}  // namespace store_files_internal

// Reads `data_dir` (which must hold latentd.db); the database is not changed.
inline absl::StatusOr<StoreFiles> ReadStoreFiles(const std::string& data_dir) {
  namespace internal = store_files_internal;
  const std::string db_path = data_dir + "/latentd.db";
  if (!std::filesystem::is_regular_file(db_path)) {
    return absl::NotFoundError(absl::StrCat(db_path, ": no such database"));
  }
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    const std::string message = db == nullptr ? "out of memory" : sqlite3_errmsg(db);
    sqlite3_close(db);
    return absl::UnavailableError(absl::StrCat(db_path, ": ", message));
  }
  StoreFiles files;
  std::vector<std::vector<std::string>> keys, jobs, integrity, faults;
  absl::Status read = internal::Query(
      db, "SELECT blob_key FROM samples UNION ALL SELECT blob_key FROM encoders", &keys);
  if (read.ok()) read = internal::Query(db, "SELECT state, id FROM jobs ORDER BY seq", &jobs);
  if (read.ok()) read = internal::Query(db, "PRAGMA integrity_check", &integrity);
  if (read.ok()) read = internal::Query(db, "PRAGMA foreign_key_check", &faults);
  sqlite3_close(db);
  if (!read.ok()) return read;

  for (const std::vector<std::string>& row : keys) files.referenced.insert(row[0]);
  for (const std::vector<std::string>& row : jobs) files.jobs[row[0]].push_back(row[1]);
  for (const std::vector<std::string>& row : integrity) {
    files.integrity += (files.integrity.empty() ? "" : "; ") + row[0];
  }
  files.foreign_key_faults = static_cast<int64_t>(faults.size());
  for (const char* kind : {"samples", "encoders"}) {
    for (const std::string& name : FileNamesIn(std::filesystem::path(data_dir) / "blobs" / kind)) {
      files.blobs.insert(absl::StrCat(kind, "/", name));
    }
  }
  files.staging = FileNamesIn(std::filesystem::path(data_dir) / "staging");
  return files;
}

}  // namespace latentspace::testing

#endif  // LATENTSPACE_TESTS_TESTING_STORE_FILES_H_
