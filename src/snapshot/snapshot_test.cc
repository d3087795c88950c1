// Pure logic of the snapshot engine: names, the manifest's JSON round trip, and the
// connection strings handed to pg_dump/pg_restore (password moved out).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "pg/conninfo.h"
#include "snapshot/manifest.h"
#include "snapshot/names.h"
#include "snapshot/tools.h"

namespace pgcrate::snapshot {
namespace {

TEST(SnapshotNames, AcceptsPlainNamesAndRefusesHostileOnes) {
  for (const char* ok : {"a", "before_upgrade", "v1.2-rc", "2026_11_30", "A.b_c-d"}) {
    EXPECT_TRUE(ValidateName(ok).ok()) << ok;
  }
  for (const std::string& bad :
       {std::string(), std::string("../x"), std::string("a/b"), std::string(".hidden"),
        std::string("-flag"), std::string("a..b"), std::string("sp ace"), std::string("nul\n"),
        std::string("é"), std::string(kMaxNameLength + 1, 'a')}) {
    Status st = ValidateName(bad);
    EXPECT_EQ(st.code(), Code::kUsage) << bad;
    EXPECT_NE(st.message().find("invalid snapshot name"), std::string::npos);
  }
  EXPECT_TRUE(ValidateName(std::string(kMaxNameLength, 'a')).ok());
  EXPECT_LE(TemplateDatabase(std::string(kMaxNameLength, 'a')).size(), 63u);
}

TEST(SnapshotManifest, RoundTripsThroughJson) {
  Manifest m;
  m.name = "n1";
  m.kind = kKindTemplate;
  m.created_at = "2026-11-30T19:00:00Z";
  m.source_display = "postgres@h:5432/app";
  m.source_database = "app";
  m.server_version_num = 150004;
  m.migration_version = "20260101000000";
  m.filters.exclude_table_data = {"big"};
  m.template_database = "pgcrate_snap_n1";
  m.tables.push_back({"public", "t", 12, true, 8192, false});
  m.files.push_back({"toc.dat", 10, std::string(64, 'a')});
  auto back = ParseManifest(ToJson(m).dump(), "x.json");
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->name, "n1");
  EXPECT_EQ(back->kind, kKindTemplate);
  EXPECT_EQ(back->migration_version, "20260101000000");
  EXPECT_EQ(back->filters.exclude_table_data, std::vector<std::string>{"big"});
  ASSERT_EQ(back->tables.size(), 1u);
  EXPECT_EQ(back->tables[0].rows, 12);
  EXPECT_FALSE(back->tables[0].data);
  ASSERT_EQ(back->files.size(), 1u);
  EXPECT_EQ(back->files[0].bytes, 10);
}

TEST(SnapshotManifest, RefusesWhatIsNotAManifest) {
  EXPECT_EQ(ParseManifest("{not json", "f.json").status().code(), Code::kParse);
  EXPECT_EQ(ParseManifest("{\"format\": 1, \"name\": \"x\", \"kind\": \"zip\"}", "f.json")
                .status()
                .code(),
            Code::kParse);
  Status typed = ParseManifest(
                     "{\"format\": 1, \"name\": \"x\", \"kind\": \"dump\", \"tables\": "
                     "[{\"bytes\": \"many\"}]}",
                     "f.json")
                     .status();
  EXPECT_EQ(typed.code(), Code::kParse);
  EXPECT_NE(typed.message().find("f.json"), std::string::npos);
}

TEST(SnapshotConnInfo, MovesThePasswordOutAndSetsTheDatabase) {
  std::string pw;
  auto ci = pg::ConnInfoForDatabase("postgresql://u:p%40ss@db.example:5433/app?sslmode=require",
                                    "other", &pw);
  ASSERT_TRUE(ci.ok());
  EXPECT_EQ(pw, "p@ss");
  EXPECT_EQ(ci->find("p@ss"), std::string::npos);
  EXPECT_NE(ci->find("dbname=other"), std::string::npos) << *ci;
  EXPECT_NE(ci->find("sslmode=require"), std::string::npos) << *ci;
  auto kept = pg::ConnInfoForDatabase("host=/tmp dbname=a password='x y'", "b");
  ASSERT_TRUE(kept.ok());
  EXPECT_NE(kept->find("password='x y'"), std::string::npos) << *kept;
  EXPECT_EQ(*pg::ConnInfoForDatabase("", "postgres"), "dbname=postgres");
  EXPECT_EQ(pg::ConnInfoForDatabase("postgresql://a@b@c/d", "x").status().code(), Code::kUsage);
}

TEST(SnapshotTools, MajorVersions) {
  EXPECT_EQ(pg::MajorOf(150004), 15);
  EXPECT_EQ(pg::MajorOf(170000), 17);
  EXPECT_EQ(pg::MajorOf(90624), 9);
}

}  // namespace
}  // namespace pgcrate::snapshot
