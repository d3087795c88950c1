// CsvReader: a streaming reader of CSV files as PostgreSQL's COPY ... (FORMAT csv) reads them
// (delimiter ',', quote and escape '"', a quote may open anywhere in a field, an unquoted
// empty field is NULL). The file is read in blocks and never held whole; a record may span
// blocks. Line endings \n, \r\n and a lone \r all end a record (mixed in one file too);
// inside quotes they are data. A UTF-8 byte-order mark at the start is skipped.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "pgcrate/status.h"

namespace pgcrate::seed {

struct CsvField {
  std::string_view text;  // unquoted value; valid until the next Next()
  bool quoted = false;    // some part was quoted: "" is an empty string, not NULL
};

struct CsvRecord {
  std::vector<CsvField> fields;
  std::string_view raw;    // the record's bytes as in the file, without its line ending
  int64_t index = 0;       // 0 = the first record (the header)
  int64_t line = 0;        // 1-based physical line where the record starts
  int64_t offset = 0;      // file offset of its first byte
  int64_t end_offset = 0;  // file offset just past its line ending
};

class CsvReader {
 public:
  // Bytes read at a time: the buffer holds this much (or the whole file when that is
  // smaller) and doubles while one record does not fit in it.
  static constexpr size_t kBlock = size_t{1} << 20;

  // kNotFound / kIo naming `path` when it cannot be opened. `block` (at least 4) is for tests
  // and the fuzzer, whose small blocks make records span reads.
  static Result<std::unique_ptr<CsvReader>> Open(const std::string& path, size_t block = kBlock);
  ~CsvReader();
  CsvReader(const CsvReader&) = delete;
  CsvReader& operator=(const CsvReader&) = delete;

  // The next record; false at the end of the file or on an error (status() says which, as
  // kParse located at file:line:column, e.g. an unterminated quoted field).
  bool Next(CsvRecord& record);
  const Status& status() const { return status_; }
  const std::string& path() const { return path_; }
  // Bytes consumed so far (for progress).
  int64_t position() const { return base_offset_ + static_cast<int64_t>(begin_); }

 private:
  CsvReader(int fd, std::string path, size_t buffer);
  // Reads more of the file, keeping the unfinished record from begin_; false at end of file.
  bool Refill();
  enum class Scan { kRecord, kNeedMore, kError };
  Scan ScanRecord(CsvRecord& record);
  void Unescape(CsvRecord& record);

  int fd_;
  std::string path_;
  std::vector<char> buf_;
  size_t begin_ = 0;         // start of the unread data in buf_
  size_t end_ = 0;           // end of the valid data in buf_
  int64_t base_offset_ = 0;  // file offset of buf_[0]
  bool eof_ = false;
  int64_t line_ = 1;
  int64_t index_ = 0;
  std::vector<std::pair<size_t, size_t>> spans_;  // field byte ranges of the current record
  std::vector<uint8_t> needs_unescape_;
  std::string scratch_;  // unescaped quoted fields
  Status status_;
};

// Checks a data record against a header of `columns` names, as seeds load them: a blank line
// is skipped (`skip` set) when there is more than one column; a record with another number of
// fields is kParse at file:line:column; so is an unquoted \. alone on its line (PostgreSQL's
// end-of-data marker, which would silently end the COPY there).
Status CheckDataRecord(const CsvRecord& record, size_t columns, const std::string& path,
                       bool& skip);

// Maps a server error on "line N" of the COPY data seeds send (data rows after the header,
// blank lines skipped as CheckDataRecord does, each ending in \n; PostgreSQL also counts the
// \n inside quoted fields) to the 1-based file line where that row starts; 0 when the file
// has fewer lines.
int64_t FileLineOfCopyLine(const std::string& path, int64_t n);

}  // namespace pgcrate::seed
