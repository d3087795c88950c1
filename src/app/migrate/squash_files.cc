// `migrate squash`'s swap of the range's files for the squashed one, all or nothing.
#include <unistd.h>

#include <filesystem>

#include "app/migrate/squash_internal.h"
#include "base/files.h"

namespace pgcrate::migrate::squash {
namespace {

namespace fs = std::filesystem;

struct Move {
  fs::path from, to;
};

// Moves each of `moves` back (best effort: the first error is what the caller reports).
void Undo(const std::vector<Move>& moves) {
  for (auto it = moves.rbegin(); it != moves.rend(); ++it) {
    std::error_code ec;
    fs::rename(it->to, it->from, ec);
  }
}

Status IoError(const std::string& what, const std::error_code& ec) {
  return Status(Code::kIo, what + ": " + ec.message() + "; nothing was changed.");
}

}  // namespace

Status SwapFiles(const std::string& dir, const std::string& file_name, const std::string& content,
                 const std::vector<std::string>& old_paths) {
  std::string tag = ".pgcrate-squash-" + std::to_string(::getpid());
  fs::path tmp = fs::path(dir) / (tag + ".tmp");
  fs::path aside = fs::path(dir) / tag;
  fs::path target = fs::path(dir) / file_name;
  PGCRATE_RETURN_IF_ERROR(base::WriteFile(tmp.string(), content, true));
  std::error_code ec;
  std::vector<Move> moved;
  auto fail = [&](const std::string& what) {
    Undo(moved);
    std::error_code ignored;
    fs::remove(tmp, ignored);
    fs::remove_all(aside, ignored);
    return IoError(what, ec);
  };
  if (!fs::create_directory(aside, ec)) return fail("cannot create " + aside.string());
  for (const std::string& old : old_paths) {
    Move m{old, aside / fs::path(old).filename()};
    fs::rename(m.from, m.to, ec);
    if (ec) return fail("cannot move " + old + " aside");
    moved.push_back(m);
  }
  if (fs::exists(target, ec)) {
    ec = std::make_error_code(std::errc::file_exists);
    return fail("cannot write " + target.string());
  }
  fs::rename(tmp, target, ec);
  if (ec) return fail("cannot rename the new file to " + target.string());
  fs::remove_all(aside, ec);  // the old files: the swap is done whatever happens here
  return Status::Ok();
}

}  // namespace pgcrate::migrate::squash
