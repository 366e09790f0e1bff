// The live page (live/page/live.html), compiled in: HTML, CSS and script in one document
// that draws its charts as SVG itself and loads nothing from anywhere.
#pragma once

#include <string_view>

namespace live {
std::string_view page_html();
}
