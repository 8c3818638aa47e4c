#include <iostream>

#include <veza/runtime/config.hpp>

int main() {
  std::cout << veza::config_help();
  return 0;
}
