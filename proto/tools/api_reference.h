// The API reference (docs/api.md) generated from the comments of the .proto files: a
// FileDescriptorSet written by `protoc --include_source_info --include_imports` is built into a
// DescriptorPool and rendered as Markdown (services and their RPCs, messages, enums).
#ifndef LATENTSPACE_PROTO_TOOLS_API_REFERENCE_H_
#define LATENTSPACE_PROTO_TOOLS_API_REFERENCE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/descriptor.pb.h"

namespace latentspace::api_reference {

// The descriptor set in a file written by protoc's --descriptor_set_out.
absl::StatusOr<google::protobuf::FileDescriptorSet> ReadDescriptorSet(const std::string& path);

// Builds every file of `set` into `pool`, in the set's order (protoc writes imports first), and
// returns them in that order, but for protobuf's own (google/protobuf/*). Fails naming the file
// and the error when one does not build.
absl::StatusOr<std::vector<const google::protobuf::FileDescriptor*>> BuildFiles(
    const google::protobuf::FileDescriptorSet& set, google::protobuf::DescriptorPool* pool);

// The Markdown reference of `files`, in their order. Every service, RPC, message and enum gets an
// HTML anchor named by its full name (a file: by its path), and every message or enum type is a
// link to its anchor. Comments are the leading and trailing comments of each declaration, escaped
// to render as written; every RPC also gets the role its required_role option names. The output
// depends on nothing but the descriptors.
std::string RenderApiReference(const std::vector<const google::protobuf::FileDescriptor*>& files);

}  // namespace latentspace::api_reference

#endif  // LATENTSPACE_PROTO_TOOLS_API_REFERENCE_H_
