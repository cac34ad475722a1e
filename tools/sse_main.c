/* `sse`: the libsse command-line program. Dispatches to one subcommand per verb. */
#include "cli.h"

#include <sse/sse.h>

#include <errno.h>
#include <string.h>

/* `sse encode` is meant to join this table. A verb comes with the optional part of
 * libsse it needs (<sse/features.h>); tools/meson.build builds its sources likewise. */
static const cli_command *const commands[] = {
  &cli_command_parse,
#if SSE_HAS_CLIENT
  &cli_command_listen,
#endif
#if SSE_HAS_SERVER
  &cli_command_serve,
#endif
#if SSE_HAS_CLIENT
  &cli_command_publish,
#endif
};
#define COMMAND_COUNT (sizeof commands / sizeof commands[0])

static void print_usage(FILE *out) {
  fputs("Usage: sse COMMAND [ARGS...]\n"
        "       sse --help | --version\n"
        "\n"
        "Commands:\n", out);
  for (size_t i = 0; i < COMMAND_COUNT; i++)
    fprintf(out, "  %-10s %s\n", commands[i]->name, commands[i]->summary);
  fputs("\n"
        "Exit status: 0 on success, 1 on an I/O error (unreadable input, failed\n"
        "write), a library error, (listen) a failed stream or (publish) a refused\n"
        "event, 2 on a usage error.\n", out);
  for (size_t i = 0; i < COMMAND_COUNT; i++) {
    fputc('\n', out);
    commands[i]->print_usage(out);
  }
}

/* --help and --version write to stdout, which may be a closed pipe. */
static int finish_stdout(void) {
  if (fflush(stdout) != 0 || ferror(stdout))
    return cli_failure("cannot write output: %s", strerror(errno));
  return CLI_EXIT_OK;
}

int main(int argc, char **argv) {
  if (argc < 2) return cli_usage_error("missing command");
  const char *first = argv[1];

  if (strcmp(first, "--help") == 0 || strcmp(first, "-h") == 0 ||
      strcmp(first, "help") == 0) {
    print_usage(stdout);
    return finish_stdout();
  }
  if (strcmp(first, "--version") == 0) {
    /* The library actually loaded, which is what a bug report needs. */
    printf("sse (libsse) %s\n", sse_version_string());
    return finish_stdout();
  }
  if (first[0] == '-') return cli_usage_error("unknown option '%s'", first);

  for (size_t i = 0; i < COMMAND_COUNT; i++) {
    if (strcmp(commands[i]->name, first) == 0)
      return commands[i]->run(argc - 2, argv + 2);
  }
  return cli_usage_error("unknown command '%s'", first);
}
