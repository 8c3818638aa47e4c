#include <veza/json/json_string.hpp>

#include <boost/json/serializer.hpp>

namespace veza::json {

char* write_json_string(char* out, std::string_view text) {
  boost::json::serializer sr;
  sr.reset(boost::json::string_view(text.data(), text.size()));
  std::size_t room = json_string_bound(text);
  while (!sr.done()) {
    const auto written = sr.read(out, room);
    out += written.size();
    room -= written.size();
  }
  return out;
}

void append_json_string(std::string& out, std::string_view text) {
  const std::size_t at = out.size();
  out.resize(at + json_string_bound(text));
  char* end = write_json_string(out.data() + at, text);
  out.resize(static_cast<std::size_t>(end - out.data()));
}

}  // namespace veza::json
