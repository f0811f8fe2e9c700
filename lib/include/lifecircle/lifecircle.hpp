#pragma once
// The whole public API in one include.

#include "lifecircle/accessibility.hpp"
#include "lifecircle/compare.hpp"
#include "lifecircle/coverage.hpp"
#include "lifecircle/error.hpp"
#include "lifecircle/geo.hpp"
#include "lifecircle/indicators.hpp"
#include "lifecircle/io.hpp"
#include "lifecircle/network.hpp"
#include "lifecircle/population.hpp"
#include "lifecircle/progress.hpp"
#include "lifecircle/run.hpp"
#include "lifecircle/scenario.hpp"
#include "lifecircle/siting.hpp"
#include "lifecircle/travel.hpp"
#include "lifecircle/version.hpp"
