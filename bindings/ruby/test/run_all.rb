# frozen_string_literal: true

# Entry point of `meson test --suite ruby`: loads the binding and every test file.
require "minitest/autorun"
require "stringio"
require "sse"

Dir[File.join(__dir__, "test_*.rb")].sort.each { |file| require file }
