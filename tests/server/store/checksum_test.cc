// Tests of the CRC-32 blob checksum: the standard check value and incremental updates.
#include "server/store/checksum.h"

#include <string>

#include "gtest/gtest.h"

namespace latentspace::store {
namespace {

TEST(StoreChecksumTest, MatchesTheStandardCheckValue) {
  EXPECT_EQ(ChecksumOf("123456789"), "crc32:cbf43926");
  EXPECT_EQ(ChecksumOf(""), "crc32:00000000");
}

TEST(StoreChecksumTest, IncrementalEqualsOneShot) {
  std::string data;
  for (int i = 0; i < 100000; ++i) data.push_back(static_cast<char>(i * 31 + 7));
  Crc32Checksum checksum;
  for (size_t at = 0; at < data.size(); at += 777) checksum.Update(data.substr(at, 777));
  EXPECT_EQ(checksum.ToString(), ChecksumOf(data));
  // One flipped bit changes it.
  data[5000] ^= 0x10;
  EXPECT_NE(checksum.ToString(), ChecksumOf(data));
}

}  // namespace
}  // namespace latentspace::store
