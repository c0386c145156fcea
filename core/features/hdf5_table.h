// Feature tables in HDF5 files (libhdf5), in the two layouts analyses write: a 2-D dataset (rows x
// columns) whose string attribute `columns` names its columns, or a group of 1-D datasets of equal
// length, one per column, named by the datasets' names. Integer and floating-point values of any
// width are read as doubles, a block of rows at a time, so memory stays constant whatever the
// table's size. Opening any table file, CSV or HDF5 by its content, is OpenFeatureTable.
#ifndef LATENTSPACE_CORE_FEATURES_HDF5_TABLE_H_
#define LATENTSPACE_CORE_FEATURES_HDF5_TABLE_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "core/features/feature_table.h"

namespace latentspace {

// The name of the 2-D layout's attribute naming the columns.
inline constexpr char kHdf5ColumnsAttribute[] = "columns";

// Opens the table at `dataset` (an HDF5 path; empty or "/" is the file's root) in the HDF5 file
// `path`. A dataset must be 2-D with the `columns` attribute (as many strings as it has columns).
// A group holding a single dataset that is 2-D reads that dataset; any other group is the 1-D
// layout, and every member must be a 1-D dataset of numbers of the group's length. NOT_FOUND when
// the file is missing; INVALID_ARGUMENT naming the file, the object and what is wrong otherwise (no
// such object, no `columns` attribute, names that break CheckColumnNames, a non-numeric type,
// lengths that differ). Rows' errors (a value that is not finite) name the row (1-based) and the
// column.
absl::StatusOr<std::unique_ptr<FeatureTableReader>> OpenHdf5Table(const std::string& path,
                                                                  const std::string& dataset);

// A CSV or HDF5 feature table (HDF5 recognised by its signature). `dataset` is for HDF5 only:
// INVALID_ARGUMENT when it is given for a CSV file.
absl::StatusOr<std::unique_ptr<FeatureTableReader>> OpenFeatureTable(const std::string& path,
                                                                     const std::string& dataset);

}  // namespace latentspace

#endif  // LATENTSPACE_CORE_FEATURES_HDF5_TABLE_H_
