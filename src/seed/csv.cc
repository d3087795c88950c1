#include "seed/csv.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>

namespace pgcrate::seed {
namespace {

// A record longer than this is refused instead of growing the buffer without end (an
// unterminated quote would otherwise pull in the whole rest of the file).
constexpr size_t kMaxRecord = size_t{128} << 20;

constexpr std::array<bool, 256> SpecialBytes() {
  std::array<bool, 256> t{};
  t[static_cast<unsigned char>(',')] = true;
  t[static_cast<unsigned char>('"')] = true;
  t[static_cast<unsigned char>('\n')] = true;
  t[static_cast<unsigned char>('\r')] = true;
  return t;
}
constexpr std::array<bool, 256> kSpecial = SpecialBytes();

Status At(const std::string& path, int64_t line, int column, std::string message) {
  return Status(Code::kParse, std::move(message))
      .WithLocation({path, static_cast<int>(line), column});
}

}  // namespace

Result<std::unique_ptr<CsvReader>> CsvReader::Open(const std::string& path, size_t block) {
  // Non-blocking open and fstat on the descriptor: a FIFO or device swapped in for the file
  // is refused instead of hanging or reading without end.
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) {
    int err = errno;
    return Status(err == ENOENT ? Code::kNotFound : Code::kIo,
                  "cannot open " + path + ": " + std::strerror(err));
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    return Status(Code::kIo, path + " is not a regular file");
  }
  // A small seed gets a buffer of its size (plus one byte to see the end of the file in the
  // first read), not a whole block; 4 bytes at least, so that the BOM is seen whole.
  constexpr size_t kMinBuffer = 4;
  size_t buffer =
      std::clamp(static_cast<size_t>(st.st_size) + 1, kMinBuffer, std::max(block, kMinBuffer));
  std::unique_ptr<CsvReader> reader(new CsvReader(fd, path, buffer));
  (void)reader->Refill();
  if (!reader->status_.ok()) return reader->status_;
  const char* b = reader->buf_.data();
  if (reader->end_ >= 3 && std::memcmp(b, "\xEF\xBB\xBF", 3) == 0) reader->begin_ = 3;
  return reader;
}

CsvReader::CsvReader(int fd, std::string path, size_t buffer)
    : fd_(fd), path_(std::move(path)), buf_(buffer) {}

CsvReader::~CsvReader() { ::close(fd_); }

bool CsvReader::Refill() {
  if (eof_) return false;
  if (begin_ > 0) {
    std::memmove(buf_.data(), buf_.data() + begin_, end_ - begin_);
    base_offset_ += static_cast<int64_t>(begin_);
    end_ -= begin_;
    begin_ = 0;
  }
  if (end_ == buf_.size()) {
    if (buf_.size() >= kMaxRecord) {
      status_ = At(path_, line_, 0,
                   "a record longer than 128 MiB starts here; is a quoted field left open?");
      return false;
    }
    buf_.resize(buf_.size() * 2);
  }
  for (;;) {
    ssize_t n = ::read(fd_, buf_.data() + end_, buf_.size() - end_);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      status_ = Status(Code::kIo, "cannot read " + path_ + ": " + std::strerror(errno));
      return false;
    }
    if (n == 0) {
      eof_ = true;
      return false;
    }
    end_ += static_cast<size_t>(n);
    return true;
  }
}

bool CsvReader::Next(CsvRecord& record) {
  if (!status_.ok()) return false;
  for (;;) {
    if (begin_ == end_ && !Refill() && begin_ == end_) return false;
    Scan scan = ScanRecord(record);
    if (scan == Scan::kRecord) return true;
    if (scan == Scan::kError) return false;
    if (!Refill() && !status_.ok()) return false;
  }
}

CsvReader::Scan CsvReader::ScanRecord(CsvRecord& record) {
  spans_.clear();
  needs_unescape_.clear();
  const char* b = buf_.data();
  size_t i = begin_;
  size_t field_start = begin_;
  bool in_quotes = false;
  bool field_quoted = false;
  int64_t line = line_;
  int64_t quote_line = 0;
  int quote_column = 0;
  size_t content_end = 0;
  size_t next = 0;
  bool terminated = true;
  for (;;) {
    if (!in_quotes) {
      while (i < end_ && !kSpecial[static_cast<unsigned char>(b[i])]) ++i;
    }
    if (i >= end_) {
      if (!eof_) return Scan::kNeedMore;
      if (in_quotes) {
        status_ = At(path_, quote_line, quote_column,
                     "unterminated quoted field: the quote opened here is never closed");
        return Scan::kError;
      }
      content_end = next = i;
      terminated = false;
      break;
    }
    char c = b[i];
    bool more = i + 1 < end_;
    if ((c == '"' || c == '\r') && !more && !eof_) return Scan::kNeedMore;
    if (in_quotes) {
      if (c == '"') {
        if (more && b[i + 1] == '"') {
          i += 2;
          continue;
        }
        in_quotes = false;
      } else if (c == '\n' || (c == '\r' && !(more && b[i + 1] == '\n'))) {
        ++line;
      }
      ++i;
      continue;
    }
    if (c == ',') {
      spans_.emplace_back(field_start, i);
      needs_unescape_.push_back(field_quoted ? 1 : 0);
      field_start = ++i;
      field_quoted = false;
    } else if (c == '"') {
      in_quotes = field_quoted = true;
      quote_line = line;
      quote_column = static_cast<int>(spans_.size()) + 1;
      ++i;
    } else {
      content_end = i;
      next = (c == '\r' && more && b[i + 1] == '\n') ? i + 2 : i + 1;
      break;
    }
  }
  spans_.emplace_back(field_start, content_end);
  needs_unescape_.push_back(field_quoted ? 1 : 0);
  record.raw = std::string_view(b + begin_, content_end - begin_);
  record.index = index_++;
  record.line = line_;
  record.offset = base_offset_ + static_cast<int64_t>(begin_);
  record.end_offset = base_offset_ + static_cast<int64_t>(next);
  line_ = terminated ? line + 1 : line;
  begin_ = next;
  Unescape(record);
  return Scan::kRecord;
}

void CsvReader::Unescape(CsvRecord& record) {
  record.fields.resize(spans_.size());
  scratch_.clear();
  scratch_.reserve(record.raw.size());  // never reallocates below: views stay valid
  const char* b = buf_.data();
  for (size_t f = 0; f < spans_.size(); ++f) {
    auto [start, stop] = spans_[f];
    if (needs_unescape_[f] == 0) {
      record.fields[f] = {std::string_view(b + start, stop - start), false};
      continue;
    }
    size_t out = scratch_.size();
    bool in_quotes = false;
    for (size_t i = start; i < stop; ++i) {
      if (b[i] != '"') {
        scratch_.push_back(b[i]);
      } else if (in_quotes && i + 1 < stop && b[i + 1] == '"') {
        scratch_.push_back('"');
        ++i;
      } else {
        in_quotes = !in_quotes;
      }
    }
    record.fields[f] = {std::string_view(scratch_.data() + out, scratch_.size() - out), true};
  }
}

Status CheckDataRecord(const CsvRecord& record, size_t columns, const std::string& path,
                       bool& skip) {
  skip = false;
  if (record.raw.empty() && columns > 1) {
    skip = true;
    return Status::Ok();
  }
  if (record.fields.size() != columns) {
    int column = static_cast<int>(std::min(record.fields.size(), columns) + 1);
    return At(path, record.line, column,
              "the row has " + std::to_string(record.fields.size()) +
                  " fields but the header names " + std::to_string(columns) + " columns");
  }
  if (record.fields.size() == 1 && !record.fields[0].quoted && record.fields[0].text == "\\.") {
    return At(path, record.line, 1,
              "a line holding only \\. would end PostgreSQL's COPY early; quote it (\"\\.\")");
  }
  return Status::Ok();
}

int64_t FileLineOfCopyLine(const std::string& path, int64_t n) {
  auto reader = CsvReader::Open(path);
  if (!reader.ok()) return 0;
  CsvRecord record;
  if (!(*reader)->Next(record)) return 0;
  size_t columns = record.fields.size();
  int64_t copy_lines = 0;
  while ((*reader)->Next(record)) {
    bool skip = false;
    (void)CheckDataRecord(record, columns, path, skip);
    if (skip) continue;
    copy_lines += 1 + std::count(record.raw.begin(), record.raw.end(), '\n');
    if (copy_lines >= n) return record.line;
  }
  return 0;
}

}  // namespace pgcrate::seed
