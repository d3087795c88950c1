// fix sequence: ALTER SEQUENCE ... AS integer|bigint. A catalog-only change (no table
// rewrite, a short lock on the sequence): low risk. When the sequence's maximum was its old
// type's limit, PostgreSQL raises it to the new type's limit. The owning column's type is
// NOT changed (that rewrites the table); the plan says so when it is narrower.
#include "dba/fixes/plan.h"

namespace pgcrate::dba::fixes {
namespace {

int Width(const std::string& type) {
  if (type == "smallint") return 2;
  if (type == "integer") return 4;
  if (type == "bigint") return 8;
  return 0;
}

constexpr const char* kInfoSql = R"sql(
SELECT format_type(s.seqtypid, NULL),
       (SELECT format_type(a.atttypid, NULL) || ' column ' || d.refobjid::regclass::text || '.' ||
               quote_ident(a.attname)
          FROM pg_depend d JOIN pg_attribute a ON a.attrelid = d.refobjid
                                               AND a.attnum = d.refobjsubid
         WHERE d.classid = 'pg_class'::regclass AND d.objid = s.seqrelid
           AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i') LIMIT 1)
FROM pg_sequence s WHERE s.seqrelid = $1::oid
)sql";

}  // namespace

Result<FixPlan> PlanSequence(pg::Connection& conn, const FixOptions& o) {
  auto rel = Resolve(conn, o.object, "S", "a sequence");
  if (!rel.ok()) return rel.status();
  int want = Width(o.upgrade_to);
  if (want < 4) {
    return Status(Code::kUsage,
                  "--upgrade-to must be integer or bigint, not '" + o.upgrade_to + "'.");
  }
  auto info = conn.Exec(kInfoSql, {std::to_string(rel->oid)});
  if (!info.ok()) return info.status();
  std::string current = info->str(0, 0), owner = info->str(0, 1);
  if (Width(current) >= want) {
    return Status(Code::kUsage, rel->name + " is already " + current + "; --upgrade-to " +
                                    o.upgrade_to + " would not widen it.");
  }
  FixPlan p;
  p.kind = "sequence";
  p.object = rel->name;
  p.risk = "low";
  p.sql = {"ALTER SEQUENCE " + rel->name + " AS " + o.upgrade_to + ";"};
  p.state_sql =
      "SELECT data_type::text AS data_type, last_value::text AS last_value, "
      "max_value::text AS max_value FROM pg_sequences "
      "WHERE format('%I.%I', schemaname, sequencename) = $1";
  p.verify_check = "sequences";
  if (!owner.empty() && Width(owner.substr(0, owner.find(' '))) < want) {
    p.notes.push_back("the owning " + owner +
                      " stays as it is; it overflows at its own type's "
                      "limit unless you ALTER its type too (a table rewrite)");
  }
  return p;
}

}  // namespace pgcrate::dba::fixes
