# Writes the page as a C++ string (live/page.h: live::page_html) so the binary serves it.
# Hex bytes, not a raw string literal: the page may hold any delimiter.
file(READ ${IN} hex HEX)
string(LENGTH "${hex}" n)
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "'\\\\x\\1'," bytes "${hex}")
file(WRITE ${OUT} "// Generated from live/page/live.html by live/embed_page.cmake.\n"
                  "#include \"live/page.h\"\nnamespace live {\nnamespace {\n"
                  "const char kPage[] = {${bytes}};\n}\n"
                  "std::string_view page_html() { return {kPage, sizeof kPage}; }\n}\n")
