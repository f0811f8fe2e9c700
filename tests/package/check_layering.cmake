cmake_minimum_required(VERSION 3.25)
# cmake -DSOURCE_DIR=<checkout> -P check_layering.cmake
# Each layer of lib/ includes only its own headers and those of the layers
# below it, and core includes no GDAL, OGR, CPL, PROJ or libosmium header.
# Fails naming every file and line that breaks the rule.

set(layers core io report checks pipeline all)
set(allowed_core core)
set(allowed_io core io)
set(allowed_report core io report)
set(allowed_checks core io report checks)
set(allowed_pipeline core io report pipeline)
set(allowed_all core io report checks pipeline all)

foreach(layer IN LISTS layers)
  file(GLOB headers RELATIVE "${SOURCE_DIR}/lib/${layer}/include/lifecircle"
       "${SOURCE_DIR}/lib/${layer}/include/lifecircle/*.hpp" "${SOURCE_DIR}/lib/${layer}/include/lifecircle/*.hpp.in")
  foreach(header IN LISTS headers)
    string(REGEX REPLACE "\\.in$" "" header "${header}")
    set(layer_of_${header} ${layer})
  endforeach()
  # Generated at build time (GenerateExportHeader): LIFECIRCLE_<LAYER>_EXPORT.
  set(layer_of_${layer}_export.hpp ${layer})
endforeach()

set(violations "")
foreach(layer IN LISTS layers)
  file(GLOB_RECURSE files "${SOURCE_DIR}/lib/${layer}/*.cpp" "${SOURCE_DIR}/lib/${layer}/*.hpp"
       "${SOURCE_DIR}/lib/${layer}/*.hpp.in")
  foreach(file IN LISTS files)
    file(STRINGS "${file}" lines REGEX "^[ \t]*#[ \t]*include")
    foreach(line IN LISTS lines)
      if(line MATCHES "#[ \t]*include[ \t]*[<\"]lifecircle/([a-z_]+\\.hpp)[>\"]")
        set(header "${CMAKE_MATCH_1}")
        if(NOT DEFINED layer_of_${header})
          string(APPEND violations "  ${file}: ${line}: no such public header\n")
        elseif(NOT "${layer_of_${header}}" IN_LIST allowed_${layer})
          string(APPEND violations "  ${file}: ${line}: ${layer} may not include a header of ${layer_of_${header}}\n")
        endif()
      elseif(layer STREQUAL "core" AND line MATCHES "#[ \t]*include[ \t]*[<\"](gdal|ogr|cpl_|proj\\.h|proj/|proj_|osmium/)")
        string(APPEND violations "  ${file}: ${line}: core may not use GDAL, OGR, CPL, PROJ or libosmium\n")
      endif()
    endforeach()
  endforeach()
endforeach()

if(violations)
  message(FATAL_ERROR "layering broken:\n${violations}")
endif()
message(STATUS "layering holds: core has no GDAL/OGR/CPL/PROJ/libosmium include, and no layer includes one above it")
