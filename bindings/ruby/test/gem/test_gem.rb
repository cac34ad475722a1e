# frozen_string_literal: true

# The gem the build made (test ruby-gem, target ruby-gem): its version is the project's
# (meson.build keeps it), it carries what `gem install` needs to build the extension
# (the sources as they are in the tree, the SWIG wrapper, the binding headers), and its
# extconf.rb stops with a message saying what to do when libsse is missing or does not
# match. tests/install/ruby installs it for real.
require "minitest/autorun"
require "open3"
require "rubygems/package"
require "tmpdir"

class TestGem < Minitest::Test
  GEM = ENV.fetch("SSE_GEM")
  PROJECT_VERSION = ENV.fetch("SSE_PROJECT_VERSION")
  SOURCE = ENV.fetch("SSE_RUBY_SOURCE") # bindings/ruby
  SWIG_DIR = File.join(SOURCE, "..", "swig")

  def setup
    @dir = Dir.mktmpdir("libsse-gem")
    @package = Gem::Package.new(GEM)
    @package.extract_files(@dir)
  end

  def teardown
    FileUtils.rm_rf(@dir)
  end

  def test_name_and_version_are_the_projects
    assert_equal "libsse", @package.spec.name
    assert_equal Gem::Version.new(PROJECT_VERSION), @package.spec.version
    assert_equal "#{PROJECT_VERSION}\n", File.read(File.join(@dir, "VERSION"))
    assert_equal ["ext/sse/extconf.rb"], @package.spec.extensions
  end

  def test_sources_are_the_trees
    sources = Dir.glob("lib/**/*.rb", base: SOURCE) + %w[ext/sse/extconf.rb ext/sse/cxxflags.txt README.md]
    sources.each do |path|
      assert_equal File.read(File.join(SOURCE, path)), File.read(File.join(@dir, path)), path
    end
    headers = Dir.glob("*.hpp", base: SWIG_DIR)
    refute_empty headers
    headers.each do |name|
      assert_equal File.read(File.join(SWIG_DIR, name)), File.read(File.join(@dir, "ext/sse", name)), name
    end
    assert_includes File.read(File.join(@dir, "ext/sse/sse_ruby_wrap.cxx")), "Init_sse_native",
                    "the wrapper is generated with -initname sse_native"
    assert_equal (sources + headers.map { |name| "ext/sse/#{name}" } + %w[VERSION ext/sse/sse_ruby_wrap.cxx]).sort,
                 @package.spec.files.sort, "nothing else (no tests, no build files)"
  end

  def test_extconf_without_libsse_says_how_to_install_it
    output, status = extconf(pkg_config_dir: empty_dir)
    refute status.success?
    assert_includes output, "libsse (the C library) was not found by pkg-config"
    assert_includes output, "PKG_CONFIG_PATH"
  end

  def test_extconf_refuses_an_older_or_other_major_libsse
    major, minor, = PROJECT_VERSION.split(".").map(&:to_i)
    older = minor.positive? ? "#{major}.#{minor - 1}.0" : "#{major - 1}.99.0"
    [older, "#{major + 1}.0.0"].each do |version|
      output, status = extconf(pkg_config_dir: fake_libsse(version))
      refute status.success?, version
      assert_includes output, "libsse #{version} found by pkg-config, but this gem needs #{major}.x, " \
                              "at least #{PROJECT_VERSION}"
    end
  end

  private

  # Runs the gem's extconf.rb with pkg-config looking in +pkg_config_dir+ only.
  def extconf(pkg_config_dir:)
    env = { "PKG_CONFIG_PATH" => pkg_config_dir, "PKG_CONFIG_LIBDIR" => pkg_config_dir }
    Open3.capture2e(env, RbConfig.ruby, "extconf.rb", chdir: File.join(@dir, "ext/sse"))
  end

  def empty_dir
    FileUtils.mkdir_p(File.join(@dir, "empty")).first
  end

  # A libsse.pc announcing +version+, with no library to link: mkmf's pkg_config
  # link-tests the flags, and the version check comes before anything is built.
  def fake_libsse(version)
    dir = FileUtils.mkdir_p(File.join(@dir, "pc-#{version}")).first
    File.write(File.join(dir, "libsse.pc"), <<~PC)
      Name: libsse
      Description: fake
      Version: #{version}
      Libs:
      Cflags:
    PC
    dir
  end
end
