#include "lifecircle/geo.hpp"

#include <algorithm>
#include <cmath>

namespace lifecircle {

int utm_epsg_for(LonLat position) noexcept {
    int zone = static_cast<int>(std::floor((position.lon + 180.0) / 6.0)) + 1;
    zone = std::clamp(zone, 1, 60);
    return (position.lat >= 0.0 ? 32600 : 32700) + zone;
}

} // namespace lifecircle
