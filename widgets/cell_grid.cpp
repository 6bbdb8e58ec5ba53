#include "widgets/cell_grid.hpp"
