// Tests of the LHE reader (core/events/lhe_reader.h): a hand-written Les Houches file of three
// gluino-pair-like events (testdata/lhe) read into jets of single partons, a b jet per b quark,
// isolated leptons and the truth MET of the two neutralinos, plain and gzip-compressed; and
// malformed files, each refused naming the file, the line and what is wrong.
#include "core/events/lhe_reader.h"

#include <zlib.h>

#include <cmath>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "core/events/event_reader.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/paths.h"

namespace latentspace {
namespace {

using ::testing::HasSubstr;

std::string TestFile() {
  return testing::SourcePath("tests/core/events/testdata/lhe/gluino_3events.lhe");
}

absl::StatusOr<std::vector<Event>> ReadAll(const std::string& path) {
  return ReadEventFile(path, EventFormat::kLhe);  // through LheReader
}

// The objects' (type, pt) in the reader's order, and the MET of two invisible particles of
// transverse momenta a at phi_a and b at phi_b.
using Objects = std::vector<std::pair<ObjectType, double>>;
Objects TypesAndPt(const Event& event) {
  Objects out;
  for (const PhysicsObject& object : event.objects) out.emplace_back(object.type, object.pt);
  return out;
}
double Met(double a, double phi_a, double b, double phi_b) {
  return std::hypot(a * std::cos(phi_a) + b * std::cos(phi_b),
                    a * std::sin(phi_a) + b * std::sin(phi_b));
}

void ExpectTheThreeEvents(const std::vector<Event>& events) {
  ASSERT_EQ(events.size(), 3u);
  const ObjectType j = ObjectType::kJet;
  const ObjectType b = ObjectType::kBJet;
  const std::vector<Objects> expected = {
      {{j, 410}, {j, 260}, {b, 180}, {j, 95}, {ObjectType::kElectron, 45}},
      {{j, 520}, {j, 330}, {b, 150}, {ObjectType::kAntiMuon, 60}},
      {{j, 700}, {j, 640}, {j, 88}, {j, 35}},
  };
  const double met[] = {Met(300, 1.2, 220, -2.8), Met(410, -0.3, 120, 2.0),
                        Met(260, 0.9, 330, -1.9)};
  for (size_t i = 0; i < events.size(); ++i) {
    const Objects got = TypesAndPt(events[i]);
    ASSERT_EQ(got.size(), expected[i].size()) << "event " << i;
    for (size_t k = 0; k < got.size(); ++k) {
      EXPECT_EQ(got[k].first, expected[i][k].first) << "event " << i << " object " << k;
      EXPECT_NEAR(got[k].second, expected[i][k].second, 1e-6) << "event " << i << " object " << k;
    }
    EXPECT_NEAR(events[i].met, met[i], 1e-6) << "event " << i;
    EXPECT_EQ(events[i].weight, 0.5 + static_cast<double>(i)) << "XWGTUP";
    EXPECT_EQ(events[i].process_id, "gluino_3events");
  }
  EXPECT_NE(events[0].event_id, events[1].event_id);
}

TEST(LheReaderTest, PartonsBecomeJetsLeptonsAndTruthMet) {
  absl::StatusOr<std::vector<Event>> events = ReadAll(TestFile());
  ASSERT_TRUE(events.ok()) << events.status();
  ExpectTheThreeEvents(*events);
}

TEST(LheReaderTest, GzipFilesReadTheSame) {
  const std::string path = testing::ScratchDir() + "/gluino_3events.lhe.gz";
  const std::string text = testing::ReadFile(TestFile());
  gzFile out = gzopen(path.c_str(), "wb");
  ASSERT_NE(out, nullptr);
  ASSERT_EQ(gzwrite(out, text.data(), static_cast<unsigned>(text.size())),
            static_cast<int>(text.size()));
  ASSERT_EQ(gzclose(out), Z_OK);
  absl::StatusOr<std::vector<Event>> events = ReadAll(path);
  ASSERT_TRUE(events.ok()) << events.status();
  ExpectTheThreeEvents(*events);
}

// The test file with `from` replaced by `to` (first occurrence after `after`), written to scratch.
std::string Edited(const std::string& dir, const std::string& name, const std::string& from,
                   const std::string& to) {
  std::string text = testing::ReadFile(TestFile());
  const size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return testing::WriteFile(dir + "/" + name, text);
}

TEST(LheReaderTest, MalformedFilesAreRefusedNamingTheLine) {
  const std::string dir = testing::ScratchDir();
  const std::string text = testing::ReadFile(TestFile());
  const size_t second_event = text.find("<event>", text.find("</event>"));
  struct Case {
    std::string file;
    std::string message;
  };
  const std::vector<Case> cases = {
      {testing::WriteFile(dir + "/truncated.lhe",
                          text.substr(0, text.find('\n', second_event + 400) + 1)),
       "truncated.lhe: the file ends inside event #2 (truncated?)"},
      {Edited(dir, "no_end.lhe", "</LesHouchesEvents>\n", ""),
       "no_end.lhe: the file ends without </LesHouchesEvents> (truncated?)"},
      {Edited(dir, "huge_nup.lhe", " 10 1 +5.0", " 99999999 1 +5.0"),
       "huge_nup.lhe:12: event #1: NUP = '99999999' is not a number of particles in 2..10000"},
      {Edited(dir, "bad_mother.lhe", "        1  1    3    3", "        1  1   11    3"),
       "bad_mother.lhe:16: particle 4 of event #1: MOTHUP1 = '11' is not a particle of the event "
       "(0..10)"},
      {Edited(dir, "nan_momentum.lhe", "+4.0182729691e+02", "nan"),
       "nan_momentum.lhe:16: particle 4 of event #1: PX = 'nan' is not a finite number"},
      {Edited(dir, "short_line.lhe", " 0.0000e+00 9.0000e+00\n", "\n"),
       "short_line.lhe:13: particle 1 of event #1: the line (IDUP ISTUP MOTHUP1 MOTHUP2 ICOLUP1 "
       "ICOLUP2 PX PY PZ E M VTIMUP SPINUP) has 11 fields, expected 13"},
      {Edited(dir, "one_particle.lhe", " 10 1 +5.0", " 1 1 +5.0"),
       "one_particle.lhe:12: event #1: NUP = '1' is not a number of particles in 2..10000"},
      {Edited(dir, "big_int.lhe", "247000 247000 -4 1", "2470000472 247000 -4 1"),
       "big_int.lhe:7: <init> field 7 is not an integer"},
      {Edited(dir, "hex_momentum.lhe", "+4.0182729691e+02", "0x1p3"),
       "hex_momentum.lhe:16: particle 4 of event #1: PX = '0x1p3' is not a finite number"},
      {Edited(dir, "bad_status.lhe", "       21 -1", "       21  7"),
       "bad_status.lhe:13: particle 1 of event #1: ISTUP = '7' is not a status"},
      {Edited(dir, "processes.lhe", "247000 247000 -4 1", "247000 247000 -4 -1"),
       "processes.lhe:7: NPRUP = '-1' is not a number of processes in 1..10000"},
      {Edited(dir, "eventfile.lhe", "</header>", "<eventfile name=\"/etc/passwd\"/>\n</header>"),
       "eventfile.lhe:5: an <eventfile> tag names another file"},
      {Edited(dir, "nested.lhe", "<mgrwt>", "<event>"),
       "nested.lhe:23: event #2 begins before event #1 ends with </event>"},
      {testing::WriteFile(dir + "/not_lhe.lhe", "1;p;1;1000;0;j,1,1,0,0;\n"),
       "not_lhe.lhe:1: not a Les Houches Event file"},
      {testing::WriteFile(dir + "/empty.lhe", ""), "empty.lhe: holds no events (empty file)"},
      {Edited(dir, "no_events.lhe",
              text.substr(text.find("<event>"),
                          text.rfind("</LesHouchesEvents>") - text.find("<event>")),
              ""),
       "no_events.lhe: holds no events"},
      {Edited(dir, "after_end.lhe", "</LesHouchesEvents>\n", "</LesHouchesEvents>\n<event>\n"),
       "after_end.lhe:52: text after </LesHouchesEvents>"},
  };
  for (const Case& c : cases) {
    absl::StatusOr<std::vector<Event>> events = ReadAll(c.file);
    EXPECT_EQ(events.status().code(), absl::StatusCode::kInvalidArgument)
        << c.file << ": " << events.status();
    EXPECT_THAT(std::string(events.status().message()), HasSubstr(c.message)) << c.file;
  }
}

TEST(LheReaderTest, OptionalTagsAndAttributesAreNotParsed) {
  // A weight tag without a value makes HepMC3 3.1's LHEF parser index past its weight table; the
  // reader gives it only the blocks' numbers between tags of its own.
  std::string text = absl::StrReplaceAll(
      testing::ReadFile(TestFile()),
      {{"<mgrwt> <rscale> 0 0.16e+04 </rscale> </mgrwt>", "<rwgt><wgt id='1'></wgt></rwgt>"},
       {"</header>", "<initrwgt><weightgroup><weight id='1'></weight></weightgroup>\n</header>"},
       {"<event>", "<event npLO=\" -1 \" broken=>"}});
  const std::string path = testing::WriteFile(testing::ScratchDir() + "/gluino_3events.lhe", text);
  absl::StatusOr<std::vector<Event>> events = ReadAll(path);
  ASSERT_TRUE(events.ok()) << events.status();
  ExpectTheThreeEvents(*events);
}

TEST(LheReaderTest, AMissingFileIsNotFound) {
  EXPECT_EQ(ReadAll(testing::ScratchDir() + "/none.lhe").status().code(),
            absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace latentspace
