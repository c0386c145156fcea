// api_reference_generator: writes the Markdown API reference (docs/api.md) of the .proto files in
// a descriptor set. The build runs it (target api_reference); see proto/tools/CMakeLists.txt.
//   api_reference_generator DESCRIPTOR_SET OUTPUT.md
#include <fstream>
#include <iostream>

#include "proto/tools/api_reference.h"

int main(int argc, char** argv) {
  using namespace latentspace::api_reference;
  if (argc != 3) {
    std::cerr << "usage: " << argv[0] << " DESCRIPTOR_SET OUTPUT.md\n";
    return 2;
  }
  const absl::StatusOr<google::protobuf::FileDescriptorSet> set = ReadDescriptorSet(argv[1]);
  if (!set.ok()) {
    std::cerr << set.status().message() << "\n";
    return 1;
  }
  google::protobuf::DescriptorPool pool;
  const absl::StatusOr<std::vector<const google::protobuf::FileDescriptor*>> files =
      BuildFiles(*set, &pool);
  if (!files.ok()) {
    std::cerr << files.status().message() << "\n";
    return 1;
  }
  std::ofstream out(argv[2], std::ios::binary | std::ios::trunc);
  out << RenderApiReference(*files);
  out.close();
  if (!out) {
    std::cerr << argv[2] << ": cannot write the reference\n";
    return 1;
  }
  return 0;
}
