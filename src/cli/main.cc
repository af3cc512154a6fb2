// The keygate executable.
#include "cli/commands.h"

int main(int argc, char** argv) { return keygate::cli::RunCli(argc, argv); }
