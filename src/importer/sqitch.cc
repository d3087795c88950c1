// sqitch (sqitch.org, sqitch-plan(1), sqitch-changes): `sqitch.plan` lists the changes in
// deploy order, one per line:
//   name [dependencies] YYYY-MM-DDTHH:MM:SSZ Planner Name <planner@example.com> # note
// with pragmas (`%project=flipr`), tags (`@v1.0 <planned_at> <planner> # note`), comments
// (`# ...`) and blank lines. A change's scripts are deploy/<name>.sql and revert/<name>.sql;
// a change reworked after a tag keeps its earlier scripts as <name>@<tag>.sql, the tag being
// the first one after the earlier instance. sqitch runs each script with psql, statement by
// statement (the script's own BEGIN/COMMIT make it atomic), so every converted change is
// `-- pgcrate: no-transaction` and keeps its BEGIN/COMMIT.
//
// Version mapping: the change's planned_at as YYYYMMDDHHMMSS; a change planned in the same
// second as (or before) the one above it gets that version plus one second, so the plan order
// is kept. The tracking key is "name@planned_at", what sqitch.changes holds.
#include <time.h>

#include <cctype>
#include <map>

#include "base/files.h"
#include "base/strings.h"
#include "importer/convert.h"
#include "importer/readers.h"

namespace pgcrate::importer::internal {
namespace {

struct Change {
  std::string name, deps, planned_at, note;
  int line = 0;
  std::string script;  // file name stem: name or name@tag
};

struct Plan {
  std::vector<Change> changes;
  std::map<size_t, std::string> tag_after;  // change index -> first tag after it
};

bool IsBlank(char c) { return c == ' ' || c == '\t'; }

// planned_at: YYYY-MM-DDTHH:MM:SSZ.
bool IsTimestamp(std::string_view t) {
  const char* shape = "dddd-dd-ddTdd:dd:ddZ";
  if (t.size() != 20) return false;
  for (size_t i = 0; i < t.size(); ++i) {
    bool ok =
        shape[i] == 'd' ? std::isdigit(static_cast<unsigned char>(t[i])) != 0 : t[i] == shape[i];
    if (!ok) return false;
  }
  return true;
}

// Reads "name [deps] planned_at planner <email> [# note]" (tags: without [deps]).
Status ReadEntry(const std::string& plan_path, int line_no, std::string_view s, Change& c) {
  auto fail = [&](const std::string& what) {
    return ErrorAt(plan_path, line_no, "cannot read this sqitch.plan line: " + what + ".")
        .WithHint(
            "a change line reads: name [dependencies] 2024-01-31T12:00:00Z Planner "
            "<planner@example.com> # note");
  };
  size_t i = 0;
  while (i < s.size() && !IsBlank(s[i]) && s[i] != '[') ++i;
  c.name = std::string(s.substr(0, i));
  if (c.name.empty()) return fail("no change name");
  while (i < s.size() && IsBlank(s[i])) ++i;
  if (i < s.size() && s[i] == '[') {
    size_t close = s.find(']', i);
    if (close == std::string_view::npos) return fail("'[' without ']'");
    c.deps = base::Trim(s.substr(i + 1, close - i - 1));
    i = close + 1;
    while (i < s.size() && IsBlank(s[i])) ++i;
  }
  size_t t_end = i;
  while (t_end < s.size() && !IsBlank(s[t_end])) ++t_end;
  c.planned_at = std::string(s.substr(i, t_end - i));
  if (!IsTimestamp(c.planned_at)) return fail("no planned_at timestamp (YYYY-MM-DDTHH:MM:SSZ)");
  std::string_view rest = s.substr(t_end);
  size_t lt = rest.find('<'), gt = rest.find('>');
  if (lt == std::string_view::npos || gt == std::string_view::npos || gt < lt ||
      base::Trim(rest.substr(0, lt)).empty()) {
    return fail("no planner name and <email>");
  }
  std::string_view tail = rest.substr(gt + 1);
  size_t hash = tail.find('#');
  if (!base::Trim(hash == std::string_view::npos ? tail : tail.substr(0, hash)).empty()) {
    return fail("unexpected text after the planner's email");
  }
  if (hash != std::string_view::npos) c.note = base::Trim(tail.substr(hash + 1));
  c.line = line_no;
  return Status::Ok();
}

Status ReadLine(const std::string& path, int n, std::string line, Plan& plan, ImportPlan& out) {
  if (!line.empty() && line.back() == '\r') line.pop_back();
  std::string t = base::Trim(line);
  if (t.empty() || t[0] == '#') return Status::Ok();
  if (t[0] == '%') {
    size_t eq = t.find('=');
    if (eq == std::string::npos) return ErrorAt(path, n, "a pragma without '=' (%key=value).");
    if (base::Trim(t.substr(1, eq - 1)) == "project") out.project = base::Trim(t.substr(eq + 1));
    return Status::Ok();
  }
  Change c;
  if (t[0] == '@') {
    PGCRATE_RETURN_IF_ERROR(ReadEntry(path, n, std::string_view(t).substr(1), c));
    if (plan.changes.empty()) return ErrorAt(path, n, "a tag before any change.");
    plan.tag_after.emplace(plan.changes.size() - 1, c.name);  // keeps the first tag
    return Status::Ok();
  }
  if (t[0] == '-') {
    return ErrorAt(path, n, "a `-` (revert) entry in the plan; pgcrate imports deploy plans only.");
  }
  PGCRATE_RETURN_IF_ERROR(ReadEntry(path, n, t[0] == '+' ? t.substr(1) : t, c));
  c.script = c.name;
  plan.changes.push_back(std::move(c));
  return Status::Ok();
}

// Gives every earlier instance of a reworked change its `name@tag` script name.
Status ResolveReworks(const std::string& path, Plan& plan) {
  std::map<std::string, size_t> last;
  for (size_t i = 0; i < plan.changes.size(); ++i) {
    Change& c = plan.changes[i];
    auto it = last.find(c.name);
    if (it != last.end()) {
      auto tag = plan.tag_after.lower_bound(it->second);
      if (tag == plan.tag_after.end() || tag->first >= i) {
        return ErrorAt(path, c.line,
                       "change '" + Printable(c.name) +
                           "' is planned twice without a tag in between (sqitch rework needs "
                           "a tag).");
      }
      plan.changes[it->second].script = c.name + "@" + tag->second;
    }
    last[c.name] = i;
  }
  return Status::Ok();
}

// planned_at as seconds since the epoch (UTC).
time_t Seconds(const std::string& t) {
  struct tm tm = {};
  tm.tm_year = std::stoi(t.substr(0, 4)) - 1900;
  tm.tm_mon = std::stoi(t.substr(5, 2)) - 1;
  tm.tm_mday = std::stoi(t.substr(8, 2));
  tm.tm_hour = std::stoi(t.substr(11, 2));
  tm.tm_min = std::stoi(t.substr(14, 2));
  tm.tm_sec = std::stoi(t.substr(17, 2));
  return timegm(&tm);
}

std::string Digits(time_t t) {
  struct tm tm = {};
  gmtime_r(&t, &tm);
  char buf[32];
  strftime(buf, sizeof buf, "%Y%m%d%H%M%S", &tm);
  return buf;
}

Result<SourceText> Script(const std::string& dir, const std::string& kind, const Change& c) {
  std::string rel = kind + "/" + c.script + ".sql";
  auto text = base::ReadFile(base::JoinPath(dir, rel));
  if (!text.ok()) return text.status();
  return SourceText{base::JoinPath(dir, rel), std::move(text).value(), 1};
}

Result<SourceMigration> Build(const std::string& dir, const Change& c, time_t& previous,
                              ImportPlan& plan) {
  SourceMigration m;
  m.source = "deploy/" + c.script + ".sql";
  m.source_version = c.planned_at;
  m.source_name = c.name;
  m.tracking_key = c.name + "@" + c.planned_at;
  time_t t = Seconds(c.planned_at);
  if (t <= previous) {
    t = previous + 1;
    plan.warnings.push_back("sqitch.plan:" + std::to_string(c.line) + ": change '" +
                            Printable(c.name) + "' is planned at or before the change above it; " +
                            "its version is " + Digits(t) +
                            " (one second later) to keep the order.");
  }
  previous = t;
  m.target_version = Digits(t);
  m.no_transaction = true;
  m.notes.push_back("sqitch change " + c.name + " planned at " + c.planned_at +
                    (c.deps.empty() ? "" : ", requires [" + c.deps + "]"));
  if (!c.note.empty()) m.notes.push_back("note: " + c.note);
  auto up = Script(dir, "deploy", c);
  if (!up.ok()) return up.status();
  m.up = std::move(up).value();
  PGCRATE_RETURN_IF_ERROR(NeedsNoTransaction(m.up).status());
  std::string revert = base::JoinPath(dir, "revert/" + c.script + ".sql");
  if (!base::Exists(revert)) {
    plan.warnings.push_back(m.up.path + ": no " + revert + "; the migration has no down section.");
    return m;
  }
  auto down = Script(dir, "revert", c);
  if (!down.ok()) return down.status();
  m.down = std::move(down).value();
  m.has_down = true;
  m.source += ", revert/" + c.script + ".sql";
  PGCRATE_RETURN_IF_ERROR(NeedsNoTransaction(m.down).status());
  return m;
}

}  // namespace

Status ReadSqitch(const std::string& dir, ImportPlan& plan) {
  std::string path = base::JoinPath(dir, "sqitch.plan");
  if (!base::IsDirectory(dir)) {
    return Status(Code::kNotFound, "the source directory " + dir + " does not exist.");
  }
  auto text = base::ReadFile(path);
  if (!text.ok()) {
    Status st = text.status();
    return st.Prefix("sqitch: ");
  }
  Plan p;
  auto lines = base::Split(*text, '\n');
  for (size_t i = 0; i < lines.size(); ++i) {
    PGCRATE_RETURN_IF_ERROR(ReadLine(path, static_cast<int>(i + 1), lines[i], p, plan));
  }
  PGCRATE_RETURN_IF_ERROR(ResolveReworks(path, p));
  if (base::IsDirectory(base::JoinPath(dir, "verify"))) {
    plan.skipped.push_back("verify/: sqitch verify scripts have no pgcrate equivalent");
  }
  std::vector<SourceMigration> ms;
  time_t previous = 0;
  for (const Change& c : p.changes) {
    auto m = Build(dir, c, previous, plan);
    if (!m.ok()) return m.status();
    ms.push_back(std::move(m).value());
  }
  return ConvertAll(Tool::kSqitch, ms, plan);
}

}  // namespace pgcrate::importer::internal
