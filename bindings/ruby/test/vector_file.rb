# frozen_string_literal: true

# Reads tests/data/vectors.txt, the parser vectors shared by every language suite
# (format: tests/data/README.md).
module VectorFile
  # One case: +expected+ holds records as the suites compare them:
  # [:event, type, data, id], [:comment, text], [:retry, ms], [:error, code].
  Case = Struct.new(:name, :rules, :options, :seed, :input, :expected, :last_id)

  ESCAPES = { "\\" => "\\", "s" => " ", "n" => "\n", "r" => "\r", "t" => "\t", "0" => "\0" }.freeze

  module_function

  def path
    ENV.fetch("SSE_VECTORS") { File.expand_path("../../../tests/data/vectors.txt", __dir__) }
  end

  def load(file = path)
    cases = []
    current = nil
    File.foreach(file, encoding: Encoding::UTF_8).with_index(1) do |raw, lineno|
      line = raw.chomp
      next if line.empty? || line.start_with?("#")

      keyword, *words = line.split(" ", -1)
      where = "#{file}:#{lineno}"
      if keyword == "case"
        raise "#{where}: case inside case #{current.name}" if current

        current = Case.new(words.fetch(0), [], {}, nil, +"".b, [], nil)
        next
      end
      raise "#{where}: #{keyword} outside a case" unless current

      case keyword
      when "rules" then current.rules.concat(words)
      when "option" then current.options[words.fetch(0).to_sym] = Integer(words.fetch(1))
      when "seed" then current.seed = token(words.fetch(0), where)
      when "input" then current.input << token(words.fetch(0), where)
      when "event" then current.expected << [:event, *words.first(3).map { |w| text(w, where) }].tap { |r| arity(r, 4, where) }
      when "comment" then current.expected << [:comment, text(words.fetch(0), where)]
      when "retry" then current.expected << [:retry, Integer(words.fetch(0), 10)]
      when "error" then current.expected << [:error, SSE::ERROR_CODES.fetch(words.fetch(0).to_sym)]
      when "last_id" then current.last_id = text(words.fetch(0), where)
      when "end"
        raise "#{where}: case #{current.name} has no rules" if current.rules.empty?

        cases << current
        current = nil
      else raise "#{where}: unknown keyword #{keyword.inspect}"
      end
    end
    raise "#{file}: case #{current.name} has no end" if current

    cases
  end

  def arity(record, size, where)
    raise "#{where}: event needs TYPE DATA ID" unless record.size == size && record.none?(&:nil?)
  end

  # Decodes one token to its bytes (binary String).
  def token(word, where)
    return "".b if word == "\\e"

    out = +"".b
    bytes = word.b
    i = 0
    while i < bytes.bytesize
      c = bytes[i]
      if c != "\\"
        out << c
        i += 1
        next
      end
      esc = bytes[i + 1] or raise "#{where}: dangling backslash in #{word.inspect}"
      if esc == "x"
        hex = bytes[i + 2, 2]
        raise "#{where}: bad \\x escape in #{word.inspect}" unless hex&.match?(/\A\h\h\z/)

        out << hex.to_i(16).chr
        i += 4
      else
        out << ESCAPES.fetch(esc) { raise "#{where}: unknown escape \\#{esc} in #{word.inspect}" }
        i += 2
      end
    end
    out
  end

  # A token the parser reports as text: compared as UTF-8 Strings.
  def text(word, where)
    token(word, where).force_encoding(Encoding::UTF_8)
  end
end
