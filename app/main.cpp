// opsdeck entry point: everything lives in app/cli.cpp so tests can drive it.
#include "app/cli.hpp"

int main(int argc, char** argv) { return opsdeck::app::run_cli(argc, argv); }
