# Finds the header-only libosmium (Debian libosmium2-dev) and the libraries its
# PBF and XML readers need; defines the imported target Osmium::Osmium.

find_path(Osmium_INCLUDE_DIR osmium/version.hpp)
find_package(ZLIB REQUIRED)
find_package(BZip2 REQUIRED)
find_package(EXPAT REQUIRED)
find_package(Threads REQUIRED)

include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(Osmium REQUIRED_VARS Osmium_INCLUDE_DIR)

if(Osmium_FOUND AND NOT TARGET Osmium::Osmium)
  add_library(Osmium::Osmium INTERFACE IMPORTED)
  set_target_properties(Osmium::Osmium PROPERTIES INTERFACE_INCLUDE_DIRECTORIES "${Osmium_INCLUDE_DIR}")
  target_link_libraries(Osmium::Osmium INTERFACE ZLIB::ZLIB BZip2::BZip2 EXPAT::EXPAT Threads::Threads)
endif()
