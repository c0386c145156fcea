// Reading feature tables out of HDF5 files, a block of rows at a time.
#include "core/features/hdf5_table.h"

#include <hdf5.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "core/status_macros.h"

namespace latentspace {
namespace {

// At most this many values are held in memory at once.
constexpr hsize_t kBlockValues = hsize_t{1} << 16;

// An HDF5 identifier, closed by its closing function when it goes out of scope.
class Handle {
 public:
  using Closer = herr_t (*)(hid_t);
  Handle(hid_t id, Closer close) : id_(id), close_(close) {}
  Handle(Handle&& other) noexcept : id_(std::exchange(other.id_, -1)), close_(other.close_) {}
  Handle& operator=(Handle&&) = delete;
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  ~Handle() {
    if (id_ >= 0) close_(id_);
  }
  hid_t get() const { return id_; }
  bool ok() const { return id_ >= 0; }

 private:
  hid_t id_;
  Closer close_;
};

herr_t KeepInnermost(unsigned n, const H5E_error2_t* error, void* data) {
  if (n == 0 && error->desc != nullptr) *static_cast<std::string*>(data) = error->desc;
  return 0;
}

// HDF5's own words for the error its last call failed with (the innermost function's), e.g.
// "truncated file: eof = 1000, ...".
std::string Hdf5Error() {
  std::string message;
  H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, KeepInnermost, &message);
  return message.empty() ? std::string("HDF5 error") : message;
}

std::string ClassName(H5T_class_t type) {
  switch (type) {
    case H5T_STRING:
      return "strings";
    case H5T_COMPOUND:
      return "compound records";
    case H5T_ENUM:
      return "enumerated values (h5py's booleans: store them as integers)";
    case H5T_ARRAY:
      return "arrays";
    case H5T_VLEN:
      return "variable-length sequences";
    case H5T_BITFIELD:
      return "bit fields";
    case H5T_OPAQUE:
      return "opaque bytes";
    case H5T_REFERENCE:
      return "references";
    default:
      return "values of an unknown type";
  }
}

// OK when `dataset` holds integers or floating-point numbers.
absl::Status CheckNumeric(hid_t dataset, const std::string& where) {
  const Handle type(H5Dget_type(dataset), H5Tclose);
  const H5T_class_t type_class = H5Tget_class(type.get());
  if (type_class == H5T_INTEGER || type_class == H5T_FLOAT) return absl::OkStatus();
  return absl::InvalidArgumentError(
      absl::StrCat(where, " holds ", ClassName(type_class), ", not numbers"));
}

// How many dimensions the dataset has.
int Rank(hid_t dataset) {
  const Handle space(H5Dget_space(dataset), H5Sclose);
  return H5Sget_simple_extent_ndims(space.get());
}

// The dataset's extent; INVALID_ARGUMENT unless it has `rank` dimensions.
absl::StatusOr<std::vector<hsize_t>> Extent(hid_t dataset, int rank, const std::string& where) {
  const Handle space(H5Dget_space(dataset), H5Sclose);
  const int ndims = H5Sget_simple_extent_ndims(space.get());
  if (ndims != rank) {
    return absl::InvalidArgumentError(absl::StrCat(
        where, " is ", ndims, "-D, not ", rank, "-D (a table is a 2-D dataset with a '",
        kHdf5ColumnsAttribute, "' attribute, or a group of 1-D datasets, one per column)"));
  }
  std::vector<hsize_t> dims(static_cast<size_t>(rank));
  H5Sget_simple_extent_dims(space.get(), dims.data(), nullptr);
  return dims;
}

// The strings of `dataset`'s `columns` attribute, which must name `expected` columns.
absl::StatusOr<std::vector<std::string>> ColumnNamesAttribute(hid_t dataset, hsize_t expected,
                                                              const std::string& where) {
  const std::string attribute = absl::StrCat(where, " attribute '", kHdf5ColumnsAttribute, "'");
  if (H5Aexists(dataset, kHdf5ColumnsAttribute) <= 0) {
    return absl::InvalidArgumentError(
        absl::StrCat(where, " has no attribute '", kHdf5ColumnsAttribute, "' naming its ", expected,
                     " columns (a 2-D table needs one: an array of strings, one per column)"));
  }
  const Handle attr(H5Aopen(dataset, kHdf5ColumnsAttribute, H5P_DEFAULT), H5Aclose);
  const Handle type(H5Aget_type(attr.get()), H5Tclose);
  const H5T_class_t type_class = H5Tget_class(type.get());
  if (type_class != H5T_STRING) {
    return absl::InvalidArgumentError(
        absl::StrCat(attribute, " holds ", ClassName(type_class), ", not strings"));
  }
  const Handle space(H5Aget_space(attr.get()), H5Sclose);
  const hssize_t count = H5Sget_simple_extent_npoints(space.get());
  if (count < 0 || static_cast<hsize_t>(count) != expected) {
    return absl::InvalidArgumentError(
        absl::StrCat(attribute, " names ", count, " columns; the dataset has ", expected));
  }
  std::vector<std::string> names;
  const Handle memory(H5Tcopy(H5T_C_S1), H5Tclose);
  if (H5Tis_variable_str(type.get()) > 0) {
    H5Tset_size(memory.get(), H5T_VARIABLE);
    H5Tset_cset(memory.get(), H5Tget_cset(type.get()));
    std::vector<char*> raw(expected, nullptr);
    if (H5Aread(attr.get(), memory.get(), raw.data()) < 0) {
      return absl::InvalidArgumentError(absl::StrCat(attribute, ": ", Hdf5Error()));
    }
    for (char* name : raw) {
      names.emplace_back(name != nullptr ? name : "");
      H5free_memory(name);
    }
  } else {
    const size_t size = H5Tget_size(type.get());
    H5Tset_size(memory.get(), size);
    H5Tset_strpad(memory.get(), H5T_STR_NULLPAD);
    std::vector<char> raw(expected * size);
    if (H5Aread(attr.get(), memory.get(), raw.data()) < 0) {
      return absl::InvalidArgumentError(absl::StrCat(attribute, ": ", Hdf5Error()));
    }
    for (hsize_t i = 0; i < expected; ++i) {
      const char* name = raw.data() + i * size;
      names.emplace_back(name, strnlen(name, size));
    }
  }
  if (absl::Status checked = CheckColumnNames(names); !checked.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(attribute, ": ", checked.message()));
  }
  return names;
}

herr_t AddMemberName(hid_t, const char* name, const H5L_info_t*, void* data) {
  static_cast<std::vector<std::string>*>(data)->emplace_back(name);
  return 0;
}

// A table in one 2-D dataset, or in 1-D datasets one per column: blocks of rows read into a
// buffer, value (i, c) of the block at buffer_[i * row_stride_ + c * column_stride_].
class Hdf5TableReader final : public FeatureTableReader {
 public:
  Hdf5TableReader(std::string path, std::string where, Handle file, std::vector<Handle> datasets,
                  std::vector<std::string> names, hsize_t rows)
      : FeatureTableReader(std::move(names)),
        path_(std::move(path)),
        where_(std::move(where)),
        file_(std::move(file)),
        datasets_(std::move(datasets)),
        total_rows_(rows),
        block_rows_(std::max<hsize_t>(1, kBlockValues / std::max<size_t>(1, columns().size()))),
        row_stride_(datasets_.size() == 1 ? columns().size() : 1),
        column_stride_(datasets_.size() == 1 ? 1 : block_rows_) {
    buffer_.resize(block_rows_ * columns().size());
  }

  absl::StatusOr<bool> Next(std::vector<double>* values) override {
    if (in_block_ == block_count_) {
      LATENT_RETURN_IF_ERROR(ReadBlock());
      if (block_count_ == 0) return false;
    }
    values->resize(columns().size());
    for (size_t c = 0; c < values->size(); ++c) {
      const double value = buffer_[in_block_ * row_stride_ + c * column_stride_];
      if (!std::isfinite(value)) {
        return absl::InvalidArgumentError(absl::StrCat(where_, " row ", rows() + 1, " column '",
                                                       columns()[c], "': ", value,
                                                       " is not finite"));
      }
      (*values)[c] = value;
    }
    ++in_block_;
    CountRow();
    return true;
  }

  const std::string& path() const override { return path_; }
  int64_t bytes_consumed() const override { return ValueBytes(block_start_ + in_block_); }
  int64_t file_bytes() const override { return ValueBytes(total_rows_); }

 private:
  int64_t ValueBytes(hsize_t rows) const {
    return static_cast<int64_t>(rows * columns().size() * sizeof(double));
  }

  absl::Status ReadBlock() {
    block_start_ += block_count_;
    in_block_ = 0;
    block_count_ = std::min(block_rows_, total_rows_ - block_start_);
    if (block_count_ == 0) return absl::OkStatus();
    const bool two_d = datasets_.size() == 1;
    for (size_t c = 0; c < datasets_.size(); ++c) {
      const std::array<hsize_t, 2> start = {block_start_, 0};
      const std::array<hsize_t, 2> count = {block_count_, two_d ? columns().size() : 1};
      const int rank = two_d ? 2 : 1;
      const Handle file_space(H5Dget_space(datasets_[c].get()), H5Sclose);
      const Handle memory_space(H5Screate_simple(rank, count.data(), nullptr), H5Sclose);
      if (H5Sselect_hyperslab(file_space.get(), H5S_SELECT_SET, start.data(), nullptr, count.data(),
                              nullptr) < 0 ||
          H5Dread(datasets_[c].get(), H5T_NATIVE_DOUBLE, memory_space.get(), file_space.get(),
                  H5P_DEFAULT, buffer_.data() + c * column_stride_) < 0) {
        return absl::InvalidArgumentError(absl::StrCat(
            where_, ": cannot read rows ", block_start_ + 1, "-", block_start_ + block_count_,
            two_d ? "" : absl::StrCat(" of column '", columns()[c], "'"), ": ", Hdf5Error()));
      }
    }
    return absl::OkStatus();
  }

  std::string path_;
  std::string where_;  // "FILE dataset '/x'" or "FILE group '/g'"
  Handle file_;
  std::vector<Handle> datasets_;
  hsize_t total_rows_;
  hsize_t block_rows_;
  size_t row_stride_;
  size_t column_stride_;
  std::vector<double> buffer_;
  hsize_t block_start_ = 0;
  hsize_t block_count_ = 0;
  hsize_t in_block_ = 0;
};

absl::StatusOr<std::unique_ptr<FeatureTableReader>> OpenTwoD(const std::string& path,
                                                             const std::string& name, Handle file,
                                                             Handle dataset) {
  const std::string where = absl::StrCat(path, " dataset '", name, "'");
  LATENT_RETURN_IF_ERROR(CheckNumeric(dataset.get(), where));
  LATENT_ASSIGN_OR_RETURN(std::vector<hsize_t> dims, Extent(dataset.get(), 2, where));
  LATENT_ASSIGN_OR_RETURN(std::vector<std::string> columns,
                          ColumnNamesAttribute(dataset.get(), dims[1], where));
  std::vector<Handle> datasets;
  datasets.push_back(std::move(dataset));
  return std::make_unique<Hdf5TableReader>(path, where, std::move(file), std::move(datasets),
                                           std::move(columns), dims[0]);
}

std::string MemberPath(const std::string& group, const std::string& member) {
  return group == "/" ? absl::StrCat("/", member) : absl::StrCat(group, "/", member);
}

absl::StatusOr<std::unique_ptr<FeatureTableReader>> OpenGroup(const std::string& path,
                                                              const std::string& name, Handle file,
                                                              const Handle& group) {
  const std::string where = absl::StrCat(path, " group '", name, "'");
  std::vector<std::string> members;
  if (H5Literate(group.get(), H5_INDEX_NAME, H5_ITER_INC, nullptr, AddMemberName, &members) < 0) {
    return absl::InvalidArgumentError(absl::StrCat(where, ": ", Hdf5Error()));
  }
  if (members.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(
        where, " holds no datasets (a table is a 2-D dataset with a '", kHdf5ColumnsAttribute,
        "' attribute, or a group of 1-D datasets, one per column)"));
  }
  std::vector<Handle> datasets;
  hsize_t rows = 0;
  for (const std::string& member : members) {
    const std::string member_path = MemberPath(name, member);
    // An object opened so is a dataset's identifier when it is one.
    Handle dataset(H5Oopen(group.get(), member.c_str(), H5P_DEFAULT), H5Oclose);
    if (!dataset.ok() || H5Iget_type(dataset.get()) != H5I_DATASET) {
      return absl::InvalidArgumentError(absl::StrCat(
          where, " member '", member,
          "' is not a dataset: a table group holds 1-D datasets only (or name the table's own "
          "dataset or group)"));
    }
    const std::string member_where = absl::StrCat(path, " dataset '", member_path, "'");
    if (members.size() == 1 && Rank(dataset.get()) == 2) {
      return OpenTwoD(path, member_path, std::move(file), std::move(dataset));
    }
    LATENT_RETURN_IF_ERROR(CheckNumeric(dataset.get(), member_where));
    LATENT_ASSIGN_OR_RETURN(std::vector<hsize_t> dims, Extent(dataset.get(), 1, member_where));
    if (!datasets.empty() && dims[0] != rows) {
      return absl::InvalidArgumentError(
          absl::StrCat(member_where, " has ", dims[0], " rows; '", members.front(), "' has ", rows,
                       " (every column of a table group has as many)"));
    }
    rows = dims[0];
    datasets.push_back(std::move(dataset));
  }
  if (absl::Status checked = CheckColumnNames(members); !checked.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(where, " datasets: ", checked.message()));
  }
  return std::make_unique<Hdf5TableReader>(path, where, std::move(file), std::move(datasets),
                                           std::move(members), rows);
}

}  // namespace

absl::StatusOr<std::unique_ptr<FeatureTableReader>> OpenHdf5Table(const std::string& path,
                                                                  const std::string& dataset) {
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);  // errors become statuses, not stderr
  Handle file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose);
  if (!file.ok()) {
    const std::string reason = Hdf5Error();
    FILE* exists = std::fopen(path.c_str(), "rb");
    if (exists == nullptr) return absl::NotFoundError(absl::StrCat(path, ": no such file"));
    std::fclose(exists);
    return absl::InvalidArgumentError(absl::StrCat(path, ": not a readable HDF5 file: ", reason));
  }
  const std::string name = dataset.empty() ? std::string("/") : dataset;
  // A dataset's or a group's identifier, as the object is.
  Handle object(H5Oopen(file.get(), name.c_str(), H5P_DEFAULT), H5Oclose);
  if (!object.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(path, " has no dataset or group '", name, "'"));
  }
  switch (H5Iget_type(object.get())) {
    case H5I_DATASET:
      return OpenTwoD(path, name, std::move(file), std::move(object));
    case H5I_GROUP:
      return OpenGroup(path, name, std::move(file), object);
    default:
      return absl::InvalidArgumentError(
          absl::StrCat(path, " '", name, "' is neither a dataset nor a group"));
  }
}

absl::StatusOr<std::unique_ptr<FeatureTableReader>> OpenFeatureTable(const std::string& path,
                                                                     const std::string& dataset) {
  if (IsHdf5File(path)) return OpenHdf5Table(path, dataset);
  if (!dataset.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(path, " is not an HDF5 file: a dataset ('",
                                                   dataset,
                                                   "') names a table inside an HDF5 file only"));
  }
  return CsvTableReader::Open(path);
}

}  // namespace latentspace
