#include "support/fake_clock.hpp"
