// The Markdown API reference of a set of .proto files, from their descriptors and source comments.
#include "proto/tools/api_reference.h"

#include <cctype>
#include <fstream>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"
#include "proto/access_role.h"

namespace latentspace::api_reference {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::DescriptorPool;
using google::protobuf::EnumDescriptor;
using google::protobuf::EnumValueDescriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::FileDescriptor;
using google::protobuf::FileDescriptorProto;
using google::protobuf::FileDescriptorSet;
using google::protobuf::MethodDescriptor;
using google::protobuf::ServiceDescriptor;
using google::protobuf::SourceLocation;

constexpr char kHeader[] = R"(# latentspace API reference

Generated from the comments of the `.proto` files under `proto/`; do not edit by hand. After
changing a `.proto` file, regenerate it with `cmake --build <build-dir> --target api_reference`:
protoc writes a descriptor set with `--include_source_info --include_imports`, and
`api_reference_generator` (`proto/tools/`) renders it. `api_reference_test` fails while this file
differs from what the protos give.

Every message or enum type below links to its definition; units, shapes, defaults and error codes
are the ones the comments give.

)";

// Every error DescriptorPool reports while building one file, as "element: message".
class ErrorList : public DescriptorPool::ErrorCollector {
 public:
  void AddError(const std::string& /*filename*/, const std::string& element_name,
                const google::protobuf::Message* /*descriptor*/, ErrorLocation /*location*/,
                const std::string& message) override {
    errors_.push_back(absl::StrCat(element_name, ": ", message));
  }
  std::string Joined() const { return absl::StrJoin(errors_, "; "); }

 private:
  std::vector<std::string> errors_;
};

bool IsWordCharacter(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }

// Comment text escaped so that Markdown shows it as written: what could open inline markup, HTML,
// an autolink, an entity or a link. Characters that cannot ("e >= 0", "<= 10", "[-pi, pi]", the
// underscore of "learning_rate") stay as they are, so the file reads well as text too.
std::string EscapeInline(absl::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const char next = i + 1 < text.size() ? text[i + 1] : '\0';
    bool escape = false;
    switch (c) {
      case '\\':
      case '`':
      case '*':
      case '~':
        escape = true;
        break;
      case '_':  // emphasis opens or closes only at a word's edge
        escape = i == 0 || !IsWordCharacter(text[i - 1]) || !IsWordCharacter(next);
        break;
      case '<':  // an HTML tag or an autolink
        escape =
            std::isalpha(static_cast<unsigned char>(next)) != 0 || absl::StrContains("/!?", next);
        break;
      case '&':  // an entity
        escape = IsWordCharacter(next) || next == '#';
        break;
      case ']':  // a link, image or reference definition
        escape = next == '(' || next == '[' || next == ':';
        break;
      default:
        break;
    }
    if (escape) {
      out += '\\';
    }
    out += c;
  }
  return out;
}

// A paragraph of its own: also what would make it a heading, a quote or a list item ("# ", "> ",
// "- ", "1. ").
std::string EscapeParagraph(absl::string_view text) {
  std::string out = EscapeInline(text);
  const size_t digits = out.find_first_not_of("0123456789");
  if (!out.empty() && absl::StrContains("#>-+", out[0])) {
    out.insert(0, "\\");
  } else if (digits != 0 && digits != std::string::npos &&
             (out[digits] == '.' || out[digits] == ')')) {
    out.insert(digits, "\\");
  }
  return out;
}

// The paragraphs of a declaration's comments, the one above it and then the one after it on its
// line: comment lines joined by spaces, a blank comment line ending a paragraph.
std::vector<std::string> Paragraphs(const SourceLocation& location) {
  std::vector<std::string> paragraphs;
  for (const std::string* comment : {&location.leading_comments, &location.trailing_comments}) {
    std::string paragraph;
    for (absl::string_view line : absl::StrSplit(*comment, '\n')) {
      line = absl::StripAsciiWhitespace(line);
      if (line.empty()) {
        if (!paragraph.empty()) {
          paragraphs.push_back(std::move(paragraph));
        }
        paragraph.clear();
      } else {
        absl::StrAppend(&paragraph, paragraph.empty() ? "" : " ", line);
      }
    }
    if (!paragraph.empty()) {
      paragraphs.push_back(std::move(paragraph));
    }
  }
  return paragraphs;
}

template <typename DescriptorT>
std::vector<std::string> Paragraphs(const DescriptorT& descriptor) {
  SourceLocation location;
  if (!descriptor.GetSourceLocation(&location)) {
    return {};
  }
  return Paragraphs(location);
}

// A file's description: the comment right above its syntax line.
std::vector<std::string> FileParagraphs(const FileDescriptor& file) {
  SourceLocation location;
  if (!file.GetSourceLocation({FileDescriptorProto::kSyntaxFieldNumber}, &location)) {
    return {};
  }
  return Paragraphs(location);
}

void AppendParagraphs(const std::vector<std::string>& paragraphs, std::string* out) {
  for (const std::string& paragraph : paragraphs) {
    absl::StrAppend(out, EscapeParagraph(paragraph), "\n\n");
  }
}

// The comments in one table cell, a line break between paragraphs; '|' would end the cell.
std::string Cell(const std::vector<std::string>& paragraphs) {
  std::vector<std::string> escaped;
  escaped.reserve(paragraphs.size());
  for (const std::string& paragraph : paragraphs) {
    escaped.push_back(absl::StrReplaceAll(EscapeInline(paragraph), {{"|", "\\|"}}));
  }
  return absl::StrJoin(escaped, "<br>");
}

std::string Anchor(absl::string_view id) { return absl::StrCat("<a id=\"", id, "\"></a>\n"); }

// A type's name as a declaration of `package` writes it: without the package when it is the same.
template <typename TypeT>
std::string NameIn(const TypeT& type, const std::string& package) {
  const std::string& full_name = type.full_name();
  if (package.empty() || type.file()->package() != package) {
    return full_name;
  }
  return full_name.substr(package.size() + 1);
}

template <typename TypeT>
std::string TypeLink(const TypeT& type, const std::string& package) {
  return absl::StrCat("[`", NameIn(type, package), "`](#", type.full_name(), ")");
}

// The type of a value (a field, or a map's key or value): a link for a message or an enum.
std::string ValueType(const FieldDescriptor& field, const std::string& package) {
  switch (field.type()) {
    case FieldDescriptor::TYPE_MESSAGE:
    case FieldDescriptor::TYPE_GROUP:
      return TypeLink(*field.message_type(), package);
    case FieldDescriptor::TYPE_ENUM:
      return TypeLink(*field.enum_type(), package);
    default:
      return absl::StrCat("`", field.type_name(), "`");
  }
}

std::string FieldType(const FieldDescriptor& field, const std::string& package) {
  if (!field.is_map()) {
    return ValueType(field, package);
  }
  const Descriptor& entry = *field.message_type();
  return absl::StrCat(ValueType(*entry.map_key(), package), " → ",
                      ValueType(*entry.map_value(), package));
}

std::string FieldLabel(const FieldDescriptor& field) {
  if (field.is_map()) {
    return "map";
  }
  if (field.is_repeated()) {
    return "repeated";
  }
  if (field.real_containing_oneof() != nullptr) {
    return absl::StrCat("oneof `", field.real_containing_oneof()->name(), "`");
  }
  if (field.has_optional_keyword()) {
    return "optional";
  }
  return "";
}

// The messages and enums a file declares, nested ones included (map entries are not messages of
// their own): messages depth first in declaration order; the file's enums, then the nested ones.
struct DeclaredTypes {
  std::vector<const Descriptor*> messages;
  std::vector<const EnumDescriptor*> enums;
};

void AddMessage(const Descriptor& message, DeclaredTypes* types) {
  if (message.options().map_entry()) {
    return;
  }
  types->messages.push_back(&message);
  for (int i = 0; i < message.enum_type_count(); ++i) {
    types->enums.push_back(message.enum_type(i));
  }
  for (int i = 0; i < message.nested_type_count(); ++i) {
    AddMessage(*message.nested_type(i), types);
  }
}

DeclaredTypes TypesOf(const FileDescriptor& file) {
  DeclaredTypes types;
  for (int i = 0; i < file.enum_type_count(); ++i) {
    types.enums.push_back(file.enum_type(i));
  }
  for (int i = 0; i < file.message_type_count(); ++i) {
    AddMessage(*file.message_type(i), &types);
  }
  return types;
}

void AppendService(const ServiceDescriptor& service, std::string* out) {
  const std::string& package = service.file()->package();
  absl::StrAppend(out, Anchor(service.full_name()), "### Service ", service.name(), "\n\n");
  AppendParagraphs(Paragraphs(service), out);
  for (int i = 0; i < service.method_count(); ++i) {
    const MethodDescriptor& method = *service.method(i);
    absl::StrAppend(out, Anchor(method.full_name()), "#### ", service.name(), ".", method.name(),
                    "\n\n");
    absl::StrAppend(out, "- Request: ", method.client_streaming() ? "stream " : "",
                    TypeLink(*method.input_type(), package), "\n");
    absl::StrAppend(out, "- Response: ", method.server_streaming() ? "stream " : "",
                    TypeLink(*method.output_type(), package), "\n");
    if (const std::string role = RequiredRoleName(method); !role.empty()) {
      absl::StrAppend(out, "- Needs role: `", role,
                      "` ([AccessRole](#latentspace.v1.AccessRole))\n");
    }
    absl::StrAppend(out, "\n");
    AppendParagraphs(Paragraphs(method), out);
  }
}

void AppendMessage(const Descriptor& message, std::string* out) {
  const std::string& package = message.file()->package();
  absl::StrAppend(out, Anchor(message.full_name()), "### Message ", NameIn(message, package),
                  "\n\n");
  AppendParagraphs(Paragraphs(message), out);
  if (message.field_count() == 0) {
    absl::StrAppend(out, "No fields.\n\n");
    return;
  }
  absl::StrAppend(out, "| Field | Number | Type | Label | Description |\n",
                  "| --- | ---: | --- | --- | --- |\n");
  for (int i = 0; i < message.field_count(); ++i) {
    const FieldDescriptor& field = *message.field(i);
    absl::StrAppend(out, "| `", field.name(), "` | ", field.number(), " | ",
                    FieldType(field, package), " | ", FieldLabel(field), " | ",
                    Cell(Paragraphs(field)), " |\n");
  }
  absl::StrAppend(out, "\n");
}

void AppendEnum(const EnumDescriptor& type, std::string* out) {
  absl::StrAppend(out, Anchor(type.full_name()), "### Enum ", NameIn(type, type.file()->package()),
                  "\n\n");
  AppendParagraphs(Paragraphs(type), out);
  absl::StrAppend(out, "| Value | Number | Description |\n", "| --- | ---: | --- |\n");
  for (int i = 0; i < type.value_count(); ++i) {
    const EnumValueDescriptor& value = *type.value(i);
    absl::StrAppend(out, "| `", value.name(), "` | ", value.number(), " | ",
                    Cell(Paragraphs(value)), " |\n");
  }
  absl::StrAppend(out, "\n");
}

void AppendContents(const std::vector<const FileDescriptor*>& files, std::string* out) {
  absl::StrAppend(out, "## Contents\n\n");
  for (const FileDescriptor* file : files) {
    absl::StrAppend(out, "- [`", file->name(), "`](#", file->name(), ")");
    std::vector<std::string> services;
    services.reserve(file->service_count());
    for (int i = 0; i < file->service_count(); ++i) {
      services.push_back(
          absl::StrCat("[", file->service(i)->name(), "](#", file->service(i)->full_name(), ")"));
    }
    if (!services.empty()) {
      absl::StrAppend(out, ": ", absl::StrJoin(services, ", "));
    }
    absl::StrAppend(out, "\n");
  }
  absl::StrAppend(out, "\n");
}

void AppendFile(const FileDescriptor& file, std::string* out) {
  absl::StrAppend(out, Anchor(file.name()), "## `", file.name(), "`\n\n");
  if (!file.package().empty()) {
    absl::StrAppend(out, "Package `", file.package(), "`.\n\n");
  }
  AppendParagraphs(FileParagraphs(file), out);
  for (int i = 0; i < file.service_count(); ++i) {
    AppendService(*file.service(i), out);
  }
  const DeclaredTypes types = TypesOf(file);
  for (const Descriptor* message : types.messages) {
    AppendMessage(*message, out);
  }
  for (const EnumDescriptor* type : types.enums) {
    AppendEnum(*type, out);
  }
}

}  // namespace

absl::StatusOr<FileDescriptorSet> ReadDescriptorSet(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return absl::NotFoundError(absl::StrCat(path, ": cannot open the descriptor set"));
  }
  FileDescriptorSet set;
  if (!set.ParseFromIstream(&in)) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": not a FileDescriptorSet"));
  }
  return set;
}

absl::StatusOr<std::vector<const FileDescriptor*>> BuildFiles(const FileDescriptorSet& set,
                                                              DescriptorPool* pool) {
  std::vector<const FileDescriptor*> files;
  for (const FileDescriptorProto& proto : set.file()) {
    ErrorList errors;
    const FileDescriptor* file = pool->BuildFileCollectingErrors(proto, &errors);
    if (file == nullptr) {
      return absl::InvalidArgumentError(
          absl::StrCat(proto.name(), ": does not build: ", errors.Joined()));
    }
    // Protobuf's own files (descriptor.proto, which access.proto extends) are built, not shown.
    if (!absl::StartsWith(file->name(), "google/protobuf/")) files.push_back(file);
  }
  return files;
}

std::string RenderApiReference(const std::vector<const FileDescriptor*>& files) {
  std::string out = kHeader;
  AppendContents(files, &out);
  for (const FileDescriptor* file : files) {
    AppendFile(*file, &out);
  }
  // One newline at the end of the file, not the blank line every section leaves.
  out.pop_back();
  return out;
}

}  // namespace latentspace::api_reference
