// Writing HDF5 files for the tests of feature tables in HDF5 (core/features/hdf5_table.h): 2-D
// datasets with their `columns` attribute, 1-D datasets one per column, in any HDF5 type. Tests
// that include this link PkgConfig::HDF5.
#ifndef LATENTSPACE_TESTS_TESTING_HDF5_FILES_H_
#define LATENTSPACE_TESTS_TESTING_HDF5_FILES_H_

#include <hdf5.h>
#include <unistd.h>

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "tests/testing/paths.h"

namespace latentspace::testing {

// Writes the HDF5 file `path` (replacing it), its content made by `fill` on the open file, and
// returns `path`.
inline std::string WriteHdf5(const std::string& path, const std::function<void(hid_t)>& fill) {
  const hid_t file = H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  EXPECT_GE(file, 0) << path;
  fill(file);
  H5Fclose(file);
  return path;
}

// The bytes of such a file (written to a scratch file first).
inline std::string Hdf5Bytes(const std::function<void(hid_t)>& fill) {
  const std::string path = std::filesystem::temp_directory_path() /
                           ("latentspace-hdf5-" + std::to_string(getpid()) + ".h5");
  WriteHdf5(path, fill);
  std::string bytes = ReadFile(path);
  std::filesystem::remove(path);
  return bytes;
}

// The dataset `name` under `location` of `dims` (1-D or 2-D), stored as `file_type`, from
// `values` (row-major doubles, converted by HDF5).
inline hid_t AddDataset(hid_t location, const std::string& name, std::vector<hsize_t> dims,
                        const std::vector<double>& values, hid_t file_type = H5T_IEEE_F64LE) {
  const hid_t space = H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr);
  const hid_t dataset =
      H5Dcreate2(location, name.c_str(), file_type, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  EXPECT_GE(dataset, 0) << name;
  if (!values.empty()) {
    EXPECT_GE(H5Dwrite(dataset, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()), 0)
        << name;
  }
  H5Sclose(space);
  return dataset;
}

// Sets `object`'s string attribute `name` to `strings` (variable-length UTF-8, as h5py writes a
// list of str).
inline void SetStrings(hid_t object, const std::string& name,
                       const std::vector<std::string>& strings) {
  std::vector<const char*> raw;
  for (const std::string& s : strings) raw.push_back(s.c_str());
  const hsize_t count = raw.size();
  const hid_t space = H5Screate_simple(1, &count, nullptr);
  const hid_t type = H5Tcopy(H5T_C_S1);
  H5Tset_size(type, H5T_VARIABLE);
  H5Tset_cset(type, H5T_CSET_UTF8);
  const hid_t attribute = H5Acreate2(object, name.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT);
  EXPECT_GE(H5Awrite(attribute, type, raw.data()), 0) << name;
  H5Aclose(attribute);
  H5Tclose(type);
  H5Sclose(space);
}

// A 2-D table `name` of `rows` rows (row-major `values`) whose `columns` attribute names
// `columns`.
inline void AddMatrixTable(hid_t location, const std::string& name,
                           const std::vector<std::string>& columns,
                           const std::vector<double>& values, hid_t file_type = H5T_IEEE_F64LE) {
  const hsize_t width = columns.size();
  const hid_t dataset =
      AddDataset(location, name, {values.size() / width, width}, values, file_type);
  SetStrings(dataset, "columns", columns);
  H5Dclose(dataset);
}

// A group `name` of 1-D datasets, one per column (columns[i] holding column_values[i]).
inline void AddColumnGroup(hid_t location, const std::string& name,
                           const std::vector<std::string>& columns,
                           const std::vector<std::vector<double>>& column_values) {
  const hid_t group =
      name == "/" ? H5Gopen2(location, "/", H5P_DEFAULT)
                  : H5Gcreate2(location, name.c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  for (size_t c = 0; c < columns.size(); ++c) {
    H5Dclose(AddDataset(group, columns[c], {column_values[c].size()}, column_values[c]));
  }
  H5Gclose(group);
}

}  // namespace latentspace::testing

#endif  // LATENTSPACE_TESTS_TESTING_HDF5_FILES_H_
