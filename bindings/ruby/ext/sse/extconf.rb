# frozen_string_literal: true

# Builds the gem's native extension sse_native.so (the SWIG wrapper shipped in this
# directory, generated when the gem was built) against the libsse C library that
# pkg-config finds: install libsse first (see the gem's README), and point
# PKG_CONFIG_PATH at <prefix>/lib/<multiarch>/pkgconfig when it is not in a system
# prefix.
#
# When libsse's library directory is not a system one (/usr/lib..., /lib...), the
# extension records it as its run path, so `require "sse"` finds libsse.so.1 without
# LD_LIBRARY_PATH. `gem install libsse -- --disable-libsse-rpath` leaves it out (not
# --disable-rpath: Debian's Ruby was configured with that, and mkmf reads Ruby's own
# configure arguments as defaults).
require "mkmf"

gem_root = File.expand_path("../..", __dir__)
gem_version = File.read(File.join(gem_root, "VERSION")).strip

unless pkg_config("libsse")
  abort <<~MESSAGE
    libsse (the C library) was not found by pkg-config.
    Install libsse #{gem_version} or later first, e.g. from its source tree:
      meson setup build --prefix=$HOME/.local && meson install -C build
    then let pkg-config find it:
      export PKG_CONFIG_PATH=$HOME/.local/lib/$(gcc -print-multiarch)/pkgconfig
    and install the gem again.
  MESSAGE
end

# The wrapper was generated from this gem version's headers: an older library may
# lack what it calls, a newer major changed the ABI.
installed = pkg_config("libsse", "modversion").to_s.strip
wanted = Gem::Version.new(gem_version)
unless Gem::Version.new(installed) >= wanted && installed.split(".").first == gem_version.split(".").first
  abort "libsse #{installed} found by pkg-config, but this gem needs #{wanted.segments.first}.x, " \
        "at least #{gem_version}: install a matching libsse or a matching gem version."
end

# SSE::Client wraps the HTTP client, which a libsse built with -Dclient=disabled lacks.
unless have_func("sse_client_new")
  abort "libsse #{installed} was built without its HTTP client (-Dclient=disabled); " \
        "the gem needs it: rebuild libsse with the client (libcurl)."
end

if enable_config("libsse-rpath", true)
  libdir = pkg_config("libsse", "variable=libdir").to_s.strip
  $LDFLAGS << " -Wl,-rpath,#{libdir}" unless libdir.empty? || libdir.start_with?("/usr/lib", "/lib")
end

# The same extra flags as the in-tree Meson build of the wrapper.
File.foreach(File.join(__dir__, "cxxflags.txt"), chomp: true) do |flag|
  $CXXFLAGS << " #{flag}" unless flag.empty? || flag.start_with?("#")
end

create_makefile("sse_native")
