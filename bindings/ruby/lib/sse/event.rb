# frozen_string_literal: true

module SSE
  # One dispatched event (spec P24): +type+ ("message" unless the stream named
  # another), +data+ (data lines joined with "\n"; may be "" or contain NUL) and
  # +id+ (the last event ID in effect at dispatch, "" when none).
  #
  # From the parser all three are UTF-8 Strings, always valid: the parser decodes
  # the stream as UTF-8 and replaces ill-formed bytes with U+FFFD (P1, P2).
  # A positional Struct because the parser builds one per event and that is the
  # cheapest object Ruby 3.1 offers; #to_h gives a Hash keyed :type, :data, :id.
  Event = Struct.new(:type, :data, :id)
end
