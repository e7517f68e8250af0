// The Catch2 test runner's entry point; tests live beside it, mirroring src/.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
