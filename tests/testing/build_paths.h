// Where the repository and the programs under test are. Defined in one source file that CMake
// generates per build tree (tests/CMakeLists.txt), so that no test's compile line holds an absolute
// path and a compiler cache can serve a clone in another directory.
#ifndef LATENTSPACE_TESTS_TESTING_BUILD_PATHS_H_
#define LATENTSPACE_TESTS_TESTING_BUILD_PATHS_H_

namespace latentspace::testing {

const char* SourceDir();      // the repository's root
const char* SharedDir();      // ../shared beside it (it may be absent)
const char* BinaryDir();      // the build tree's root
const char* LatentdPath();    // the latentd built here
const char* LatentctlPath();  // the latentctl built here
const char* ReproducePath();  // the latent-reproduce built here

}  // namespace latentspace::testing

#endif  // LATENTSPACE_TESTS_TESTING_BUILD_PATHS_H_
