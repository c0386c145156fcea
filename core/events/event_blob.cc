// Storing events in binary and reading them back.
#include "core/events/event_blob.h"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <vector>

#include "absl/strings/str_cat.h"
#include "core/io/io_error.h"

namespace latentspace {
namespace {

static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__,
              "the event blob is little-endian: its writer and reader copy values as they lie");

// Longer ids or more objects than a blob holds only when it is corrupt.
constexpr uint32_t kMaxIdBytes = uint32_t{1} << 20;
constexpr uint32_t kMaxObjects = uint32_t{1} << 20;
constexpr size_t kBufferBytes = size_t{1} << 16;

template <typename T>
void Append(T value, std::string* out) {
  out->append(reinterpret_cast<const char*>(&value), sizeof(value));
}

constexpr size_t kObjectBytes = 1 + 4 * sizeof(double);

// What a record holds wrong, or "" when `read` gave it whole into *event (its process id aside).
// `read(to, bytes)` copies the next bytes and says whether there were that many; `left()` says at
// most how many remain, so that a length no record could fill allocates nothing.
template <typename Read, typename Left>
const char* DecodeRecordBody(uint32_t id_length, Read& read, Left& left, Event* event) {
  if (id_length > kMaxIdBytes) return "an event id longer than any stored";
  if (id_length > left()) return "cut short";
  event->event_id.resize(id_length);
  uint32_t objects = 0;
  if (!read(event->event_id.data(), id_length) || !read(&event->weight, sizeof(double)) ||
      !read(&event->met, sizeof(double)) || !read(&event->met_phi, sizeof(double)) ||
      !read(&objects, sizeof(objects))) {
    return "cut short";
  }
  if (objects > kMaxObjects) return "more objects than any event stored";
  if (objects * kObjectBytes > left()) return "cut short";
  event->objects.resize(objects);
  for (PhysicsObject& object : event->objects) {
    uint8_t type = 0;
    if (!read(&type, sizeof(type))) return "cut short";
    if (type >= kNumObjectTypes) return "an object type no writer gives";
    if (!read(&object.e, sizeof(double)) || !read(&object.pt, sizeof(double)) ||
        !read(&object.eta, sizeof(double)) || !read(&object.phi, sizeof(double))) {
      return "cut short";
    }
    object.type = static_cast<ObjectType>(type);
  }
  return "";
}

class EventBlobReader final : public EventReader {
 public:
  EventBlobReader(std::string path, FILE* file, int64_t file_bytes)
      : path_(std::move(path)), file_(file), file_bytes_(file_bytes), buffer_(kBufferBytes) {
    std::setvbuf(file_, buffer_.data(), _IOFBF, buffer_.size());
  }
  ~EventBlobReader() override { std::fclose(file_); }
  EventBlobReader(const EventBlobReader&) = delete;
  EventBlobReader& operator=(const EventBlobReader&) = delete;

  // Reads the magic line (already checked) and the process id.
  absl::Status Start() {
    std::string magic(sizeof(kEventBlobMagic) - 1, '\0');
    uint32_t length = 0;
    if (!Read(magic.data(), magic.size()) || !Read(&length, sizeof(length)) ||
        length > kMaxIdBytes) {
      return Corrupt("its header: cut short");
    }
    process_id_.resize(length);
    if (!Read(process_id_.data(), length)) return Corrupt("its header: cut short");
    return absl::OkStatus();
  }

  absl::StatusOr<bool> Next(Event* event) override {
    uint32_t id_length = 0;
    const size_t got = std::fread(&id_length, 1, sizeof(id_length), file_);
    consumed_ += static_cast<int64_t>(got);
    if (got == 0 && std::feof(file_)) return false;
    const auto read = [this](void* to, size_t bytes) { return Read(to, bytes); };
    const auto left = [this] {
      return static_cast<size_t>(std::max<int64_t>(0, file_bytes_ - consumed_));
    };
    const char* wrong =
        got != sizeof(id_length) ? "cut short" : DecodeRecordBody(id_length, read, left, event);
    if (*wrong != '\0') return Corrupt(absl::StrCat("event ", events_ + 1, ": ", wrong));
    event->process_id = process_id_;
    ++events_;
    return true;
  }

  int64_t bytes_consumed() const override { return consumed_; }
  int64_t file_bytes() const override { return file_bytes_; }

 private:
  bool Read(void* to, size_t bytes) {
    const size_t got = std::fread(to, 1, bytes, file_);
    consumed_ += static_cast<int64_t>(got);
    return got == bytes;
  }

  absl::Status Corrupt(absl::string_view what) const {
    return absl::DataLossError(
        absl::StrCat(path_, ": stored events, ", what, " (at byte ", consumed_, ")"));
  }

  std::string path_;
  FILE* file_;
  int64_t file_bytes_;
  std::vector<char> buffer_;
  std::string process_id_;
  int64_t consumed_ = 0;
  int64_t events_ = 0;
};

}  // namespace

void AppendEventBlobHeader(absl::string_view process_id, std::string* out) {
  out->append(kEventBlobMagic);
  Append(static_cast<uint32_t>(process_id.size()), out);
  out->append(process_id.data(), process_id.size());
}

void AppendEventRecord(const Event& event, std::string* out) {
  Append(static_cast<uint32_t>(event.event_id.size()), out);
  out->append(event.event_id);
  Append(event.weight, out);
  Append(event.met, out);
  Append(event.met_phi, out);
  Append(static_cast<uint32_t>(event.objects.size()), out);
  for (const PhysicsObject& object : event.objects) {
    Append(static_cast<uint8_t>(object.type), out);
    Append(object.e, out);
    Append(object.pt, out);
    Append(object.eta, out);
    Append(object.phi, out);
  }
}

absl::StatusOr<Event> ParseEventRecord(absl::string_view record) {
  const auto read = [&record](void* to, size_t bytes) {
    if (record.size() < bytes) return false;
    std::memcpy(to, record.data(), bytes);
    record.remove_prefix(bytes);
    return true;
  };
  const auto left = [&record] { return record.size(); };
  uint32_t id_length = 0;
  Event event;
  const char* wrong = read(&id_length, sizeof(id_length))
                          ? DecodeRecordBody(id_length, read, left, &event)
                          : "cut short";
  if (*wrong == '\0' && !record.empty()) wrong = "bytes after its end";
  if (*wrong != '\0') return absl::DataLossError(absl::StrCat("an event record: ", wrong));
  return event;
}

absl::StatusOr<std::unique_ptr<EventReader>> OpenStoredEvents(const std::string& path) {
  std::array<char, sizeof(kEventBlobMagic) - 1> start{};
  std::ifstream peek(path, std::ios::binary);
  if (!peek.read(start.data(), start.size()) ||
      std::memcmp(start.data(), kEventBlobMagic, start.size()) != 0) {
    return OpenEventReader(path, EventFormat::kDarkMachines);  // stored before the binary form
  }
  FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) {
    if (errno == ENOENT) return absl::NotFoundError(absl::StrCat(path, ": no such file"));
    return IoError(path, "cannot open", errno, absl::StatusCode::kFailedPrecondition);
  }
  std::error_code error;
  const auto size = static_cast<int64_t>(std::filesystem::file_size(path, error));
  if (error) {
    std::fclose(file);
    return IoError(path, "cannot read its size", error.value(),
                   absl::StatusCode::kFailedPrecondition);
  }
  auto reader = std::make_unique<EventBlobReader>(path, file, size);
  if (absl::Status started = reader->Start(); !started.ok()) return started;
  return reader;
}

}  // namespace latentspace
