# The layering rule of docs/architecture.md, checked on every build: a module
# includes only the modules below it, and only store speaks SQL. Run as
#   cmake -DSOURCE_DIR=<repo> -P cmake/check_layers.cmake
# It prints each offending include and fails, so the build stops there.
cmake_minimum_required(VERSION 3.22)

# What each module may include besides itself (the drawing in docs/architecture.md).
set(allowed_core "")
set(allowed_url "core")
set(allowed_html "core;url")
set(allowed_net "core;url")
set(allowed_extract "core;url;html")
set(allowed_site "core;url;html;extract")
set(allowed_store "core;url")
set(allowed_ingest "core;url;html;extract;site;store")
set(allowed_crawl "core;url;html;net;extract;site;store;ingest")
set(allowed_serve "core;url;html;site;store")
set(allowed_app "core;url;html;net;extract;site;store;ingest;crawl;serve")

set(modules core url html net extract site store ingest crawl serve app)
set(problems "")
file(GLOB module_dirs LIST_DIRECTORIES true RELATIVE ${SOURCE_DIR}/src ${SOURCE_DIR}/src/*)
foreach(dir IN LISTS module_dirs)
  if(IS_DIRECTORY ${SOURCE_DIR}/src/${dir} AND NOT dir IN_LIST modules)
    list(APPEND problems "src/${dir}/ is not a module of the drawing: add it to cmake/check_layers.cmake and docs/architecture.md")
  endif()
endforeach()

foreach(module IN LISTS modules)
  file(GLOB_RECURSE files ${SOURCE_DIR}/src/${module}/*.hpp ${SOURCE_DIR}/src/${module}/*.cpp
       ${SOURCE_DIR}/src/${module}/*.inl)
  foreach(file IN LISTS files)
    file(STRINGS ${file} includes REGEX "^[ \t]*#[ \t]*include")
    file(RELATIVE_PATH rel ${SOURCE_DIR} ${file})
    foreach(line IN LISTS includes)
      if(line MATCHES "#[ \t]*include[ \t]*\"([a-z_]+)/")
        set(target ${CMAKE_MATCH_1})
        if(NOT target STREQUAL module AND NOT target IN_LIST allowed_${module})
          list(APPEND problems "${rel}: ${module} may not include ${target}/ (${line})")
        endif()
      endif()
      if(NOT module STREQUAL "store" AND (line MATCHES "<sqlite3\\.h>" OR line MATCHES "\"store/(sqlite|archive_connection)\\.hpp\""))
        list(APPEND problems "${rel}: only store speaks SQL (${line})")
      endif()
    endforeach()
  endforeach()
endforeach()

if(problems)
  list(JOIN problems "\n  " text)
  message(FATAL_ERROR "Layering broken (see docs/architecture.md):\n  ${text}")
endif()
