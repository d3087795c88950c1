// `snapshot save --anonymize`: the data passes through the [anonymize] rules on its way into
// the snapshot (through a temporary database that is dropped afterwards); the source is
// untouched and the manifest names it and says `anonymized`.
#include <nlohmann/json.hpp>

#include "snapshot_itest.h"

namespace pgcrate::testing {
namespace {

using json = nlohmann::json;

class SnapshotAnonymizeTest : public SnapshotTest {
 protected:
  CliRun SnapWithSalt(std::vector<std::string> args, const std::string& salt) {
    std::vector<std::string> full = {"-d", url(), "snapshot"};
    full.insert(full.end(), args.begin(), args.end());
    CliOptions o;
    o.cwd = dir_.path();
    if (!salt.empty()) o.env.push_back("PGCRATE_ANON_SALT=" + salt);
    return RunPgcrate(full, o);
  }
};

TEST_F(SnapshotAnonymizeTest, TheSnapshotHoldsAnonymizedDataAndTheSourceIsUntouched) {
  Fill();
  dir_.Write("pgcrate.toml",
             "[snapshot]\ndir = \"snaps\"\n[anonymize]\n\"public.customers.email\" = \"email\"\n");
  CliRun save = SnapWithSalt({"--verbose", "save", "anon1", "--anonymize"}, "pepper");
  ASSERT_EQ(save.exit_code, 0) << save.out << save.err;
  CliRun info = Snap({"--json", "info", "anon1"});
  ASSERT_EQ(info.exit_code, 0) << info.out << info.err;
  json doc = json::parse(info.out);
  EXPECT_EQ(doc["snapshot"]["anonymized"], true) << info.out;
  EXPECT_EQ(doc["snapshot"]["source"]["database"], db_name()) << info.out;
  // The temporary copy (named in the --verbose SQL) is gone.
  size_t at = save.err.find("pgcrate_anon_");
  ASSERT_NE(at, std::string::npos) << save.err;
  std::string tmp = save.err.substr(at, save.err.find_first_not_of("0123456789", at + 13) - at);
  EXPECT_FALSE(DbExists(tmp)) << tmp;
  EXPECT_EQ(Scalar("SELECT count(*) FROM customers WHERE email LIKE 'u%@example.com'"), "500");

  std::string target = ExtraDb(db_name() + "_anon1");
  CliRun restore = Snap({"restore", "anon1"});
  ASSERT_EQ(restore.exit_code, 0) << restore.out << restore.err;
  EXPECT_EQ(RowCounts(target, kTables), RowCounts(db_name(), kTables));
  EXPECT_EQ(On(target, "SELECT count(*) FROM customers WHERE email LIKE 'u%@example.com'"), "0");
  EXPECT_EQ(On(target, "SELECT count(DISTINCT email) FROM customers"), "500");
  EXPECT_EQ(On(target, "SELECT count(*) FROM orders o JOIN customers c ON c.id = o.customer_id"),
            Scalar("SELECT count(*) FROM orders o JOIN customers c ON c.id = o.customer_id"));
}

TEST_F(SnapshotAnonymizeTest, WithoutASaltNothingIsSaved) {
  Fill();
  dir_.Write("pgcrate.toml",
             "[snapshot]\ndir = \"snaps\"\n[anonymize]\n\"public.customers.email\" = \"email\"\n");
  CliRun save = SnapWithSalt({"--verbose", "save", "nosalt", "--anonymize"}, "");
  EXPECT_EQ(save.exit_code, 1) << save.out << save.err;
  EXPECT_NE(save.err.find("PGCRATE_ANON_SALT"), std::string::npos) << save.err;
  EXPECT_TRUE(SnapEntries().empty());
  // Refused before anything was created (other tests may hold temporary databases meanwhile).
  EXPECT_EQ(save.err.find("CREATE DATABASE"), std::string::npos) << save.err;
}

}  // namespace
}  // namespace pgcrate::testing
