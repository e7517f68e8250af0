// The archive's schema and its migrations. docs/archive.md explains every
// table for researchers who query the file without khobao.
#pragma once


#include <stdexcept>
#include <string>

namespace khobao::store {

class Connection;

// The schema version this khobao writes (PRAGMA user_version).
inline constexpr int kSchemaVersion = 5;
// PRAGMA application_id of a khobao archive: "khob" in ASCII.
inline constexpr int kApplicationId = 0x6B686F62;

// A file that is not a khobao archive, or one this khobao cannot read.
class ArchiveFormatError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Brings `db` (opened read-write) to kSchemaVersion: creates the schema in an
// empty file, or runs the migrations from its user_version up, all in one
// transaction. Throws ArchiveFormatError for a foreign database or one from a
// newer khobao, before writing anything.
void migrate(Connection& db);

// Brings `db` from its version to `target` (< kSchemaVersion allowed): the
// tests build archives as older khobao versions left them.
void migrate_to(Connection& db, int target);

// user_version and application_id of an open database, checked: throws
// ArchiveFormatError for a foreign or newer file. Returns the version (0 for an
// empty file).
int checked_schema_version(Connection& db);

}  // namespace khobao::store
