#include "output_format.h"

#include <string.h>

const output_format *output_format_find(const char *name) {
  static const output_format *const all[] = {
    &output_format_json, &output_format_text, &output_format_count,
  };
  for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
    if (strcmp(all[i]->name, name) == 0) return all[i];
  }
  return NULL;
}
