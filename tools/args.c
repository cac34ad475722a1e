#include "args.h"

#include "cli.h"

#include <string.h>

void args_init(args_scanner *scanner, int argc, char **argv) {
  scanner->argc = argc;
  scanner->argv = argv;
  scanner->index = 0;
  scanner->options_ended = false;
}

static const args_option *find_long(const args_option *options, const char *name,
                                    size_t name_len) {
  for (; options->id != 0; options++) {
    if (strlen(options->long_name) == name_len &&
        strncmp(options->long_name, name, name_len) == 0)
      return options;
  }
  return NULL;
}

static const args_option *find_short(const args_option *options, char name) {
  for (; options->id != 0; options++) {
    if (options->short_name != 0 && options->short_name == name) return options;
  }
  return NULL;
}

/* The option's value: the text after '=' if there was one, else the next argument. */
static int take_value(args_scanner *scanner, const args_option *option,
                      const char *inline_value, const char **value) {
  if (inline_value != NULL) {
    *value = inline_value;
  } else if (scanner->index < scanner->argc) {
    *value = scanner->argv[scanner->index++];
  } else {
    cli_usage_error("option '--%s' needs a value", option->long_name);
    return ARGS_ERROR;
  }
  return option->id;
}

int args_next(args_scanner *scanner, const args_option *options, const char **value) {
  *value = NULL;
  if (scanner->index >= scanner->argc) return ARGS_END;
  const char *arg = scanner->argv[scanner->index++];

  if (scanner->options_ended || arg[0] != '-' || arg[1] == '\0') {
    *value = arg; /* "-" is an operand: standard input */
    return ARGS_OPERAND;
  }
  if (strcmp(arg, "--") == 0) {
    scanner->options_ended = true;
    return args_next(scanner, options, value);
  }

  if (arg[1] == '-') {
    const char *name = arg + 2;
    const char *equals = strchr(name, '=');
    size_t name_len = equals ? (size_t)(equals - name) : strlen(name);
    const args_option *option = find_long(options, name, name_len);
    if (option == NULL) {
      cli_usage_error("unknown option '--%.*s'", (int)name_len, name);
      return ARGS_ERROR;
    }
    if (option->takes_value) {
      return take_value(scanner, option, equals ? equals + 1 : NULL, value);
    }
    if (equals != NULL) {
      cli_usage_error("option '--%s' takes no value", option->long_name);
      return ARGS_ERROR;
    }
    return option->id;
  }

  /* Short options are single letters; bundling (-abc) is not supported. */
  const args_option *option = arg[2] == '\0' ? find_short(options, arg[1]) : NULL;
  if (option == NULL) {
    cli_usage_error("unknown option '%s'", arg);
    return ARGS_ERROR;
  }
  if (option->takes_value) {
    return take_value(scanner, option, NULL, value);
  }
  return option->id;
}
